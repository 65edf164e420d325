package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.CareHistory;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.reservation.Reservations;
import org.carecircle.dispatch.visit.DispatchMetrics;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Attendance;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What comes back to a visit: a provider's accept or decline, the orderer's cancellation, the end of the visit at
 * the home. A seat that opens again goes straight to the next offer round.
 */
@Service
public class Answers {
    private final VisitUpdates updates;
    private final Reservations reservations;
    private final OfferRound offers;
    private final CareHistory history;
    private final DispatchMetrics metrics;
    private final DispatchProperties properties;
    private final Clock clock;

    Answers(VisitUpdates updates, Reservations reservations, OfferRound offers, CareHistory history,
            DispatchMetrics metrics, DispatchProperties properties, Clock clock) {
        this.updates = updates;
        this.reservations = reservations;
        this.offers = offers;
        this.history = history;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** Accepted in time: confirmed (unless their reservation lapsed meanwhile, then the offer lapses). */
    public void onAccepted(OfferAccepted event) {
        updates.applyIfLegal(event.orderId(), event.eventId(), new VisitUpdates.Change() {
            @Override
            public Transition apply(Visit visit, String input) {
                Instant now = clock.instant();
                Transition accepted = visit.accept(event.offerId(), now, input);
                Offer offer = visit.openOffer(event.offerId()).orElseThrow();
                return reservations.of(visit).confirm(visit, offer, now) ? accepted
                        : visit.lapse(event.offerId(), now, input);
            }

            @Override
            public List<CareEvent> saved(Visit before, Transition after) {
                metrics.answered("accepted", before.priority(), after.visit().team().size() - before.team().size());
                if (after.visit().status() == VisitStatus.ASSIGNED) {
                    metrics.assigned(after.visit(), clock.instant());
                }
                return List.of();
            }
        });
        offers.offerIfAwaiting(event.orderId());
    }

    public void onDeclined(OfferDeclined event) {
        updates.applyIfLegal(event.orderId(), event.eventId(), new VisitUpdates.Change() {
            @Override
            public Transition apply(Visit visit, String input) {
                return visit.decline(event.offerId(), input);
            }

            @Override
            public List<CareEvent> saved(Visit before, Transition after) {
                metrics.answered("declined", before.priority(), 1);
                return List.of();
            }
        });
        offers.offerIfAwaiting(event.orderId());
    }

    public void onCancelled(VisitCancelled event) {
        updates.applyIfLegal(event.orderId(), event.eventId(), (visit, input) -> visit.cancel(clock.instant(), input));
    }

    /** A provider ended the visit at the home: their reservation becomes the travel buffer; care history noted. */
    public void onEnded(String orderId, String providerId, String input, boolean served) {
        updates.applyIfLegal(orderId, input, new VisitUpdates.Change() {
            @Override
            public Transition apply(Visit visit, String in) {
                return Attendance.end(visit, providerId, in);
            }

            @Override
            public List<CareEvent> saved(Visit before, Transition after) {
                reservations.of(before).ended(before, providerId);
                if (served) {
                    history.served(before.patientRef(), providerId);
                    if (before.serviceCode().equals(properties.firstVisit().assessmentService())) {
                        history.assessedOn(before.patientRef(), LocalDate.ofInstant(clock.instant(), properties.zone()));
                    }
                }
                return List.of();
            }
        });
    }
}
