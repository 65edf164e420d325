package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitSlaBreached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A visit as the log left it, for a rebuild after Redis lost it: folds dispatch's own decisions
 * ({@code visit-dispatch}) and the facts from the ground ({@code visit-checked-in}, {@code visit-completed},
 * {@code visit-not-done}), the orderer's cancellation and declines (whose effect is always the same: the offer gone,
 * its provider excluded; dispatch publishes nothing for it) into the state {@link Visit} had, without deciding
 * anything anew. Acceptances ({@code offer-accepted}) are not folded: the rebuild hands them to the normal path
 * again (one already acted on is no longer legal there; one the loss swallowed is acted on then). The visit starts
 * from {@link Visit#requested}.
 * <p>
 * What the log does not say exactly: a provider whose open offer was withdrawn is taken as excluded (lapsed or left)
 * unless the visit was assigned by then (another accepted first); a provider taken off the team is excluded too.
 */
public final class VisitHistory {
    private VisitHistory() {
    }

    /**
     * {@code visit} after {@code event}; unchanged for events that are not part of its history here.
     *
     * @param offerTimeout  how long the visit's offers stay open (their expiry is not on the log)
     * @param departedGrace how long a provider who left before checking in has to check in
     */
    public static Visit apply(Visit visit, VisitEvent event, Duration offerTimeout, Duration departedGrace) {
        return switch (event) {
            case VisitOffered e -> offered(visit, e, offerTimeout);
            case OfferDeclined e -> declined(visit, e);
            case VisitAssigned e -> assigned(visit, e);
            case OfferWithdrawn e -> withdrawn(visit, e);
            case VisitQueued e -> visit.isFinal() || visit.status() == VisitStatus.ASSIGNED ? visit
                    : visit.with(VisitStatus.WAITING, visit.offers(), visit.team(), visit.ended(),
                    visit.excludedProviders(), visit.attempts(), visit.lastInput());
            case VisitEscalated e when Attendance.PROVIDER_LEFT.equals(e.reason()) && e.providerId() != null -> {
                Map<String, java.time.Instant> departed = new HashMap<>(visit.departed());
                departed.put(e.providerId(), e.occurredAt().plus(departedGrace));
                yield visit.attending(visit.status(), visit.team(), visit.ended(), visit.checkedIn(), departed,
                        visit.excludedProviders(), visit.lastInput());
            }
            case VisitEscalated e -> visit.flagged(true, visit.slaBreached(), visit.lastInput());
            case VisitSlaBreached e -> visit.flagged(visit.escalated(), true, visit.lastInput());
            case VisitCancelled e -> visit.isFinal() ? visit : visit.with(VisitStatus.CANCELLED, visit.offers(),
                    visit.team(), visit.ended(), visit.excludedProviders(), visit.attempts(), e.eventId());
            case VisitCheckedIn e -> Attendance.checkIn(visit, e.providerId(), e.eventId()).visit();
            case VisitCompleted e -> ended(visit, e.providerId(), e.eventId());
            case VisitNotDone e -> ended(visit, e.providerId(), e.eventId());
            default -> visit;
        };
    }

    private static Visit offered(Visit visit, VisitOffered e, Duration offerTimeout) {
        if (visit.isFinal() || visit.openOffer(e.offerId()).isPresent()) {
            return visit;
        }
        List<Offer> offers = new ArrayList<>(visit.offers());
        offers.add(new Offer(e.offerId(), new Candidate(e.providerId(), e.organizationId(), e.travelMode(),
                e.distanceMeters(), e.etaMinutes()), e.occurredAt(), e.occurredAt().plus(offerTimeout)));
        Visit next = visit.with(visit.status(), offers, visit.team(), visit.ended(), visit.excludedProviders(),
                Math.max(visit.attempts(), e.attempt()), visit.lastInput());
        return next.with(next.openSeats() > 0 ? VisitStatus.REQUESTED : VisitStatus.OFFERED, next.offers(), next.team(),
                next.ended(), next.excludedProviders(), next.attempts(), next.lastInput());
    }

    /** As dispatch took it: the offer gone, its provider not asked again — unless it was no longer open. */
    private static Visit declined(Visit visit, OfferDeclined e) {
        try {
            return visit.decline(e.offerId(), e.eventId()).visit();
        } catch (IllegalTransition noLongerOpen) {
            return visit;
        }
    }

    private static Visit assigned(Visit visit, VisitAssigned e) {
        if (visit.isFinal() || visit.team().stream().anyMatch(o -> o.offerId().equals(e.offerId()))) {
            return visit;
        }
        Optional<Offer> open = visit.openOffer(e.offerId());
        Offer joining = open.orElse(new Offer(e.offerId(), new Candidate(e.providerId(), e.organizationId(), null,
                e.distanceMeters(), e.etaMinutes()), e.occurredAt(), e.occurredAt()));
        List<Offer> team = new ArrayList<>(visit.team());
        team.add(joining);
        List<Offer> offers = visit.offers().stream().filter(o -> !o.offerId().equals(e.offerId())).toList();
        VisitStatus status = team.size() >= visit.seats() ? VisitStatus.ASSIGNED : visit.status();
        return visit.with(status, offers, team, visit.ended(), visit.excludedProviders(), visit.attempts(),
                visit.lastInput());
    }

    private static Visit withdrawn(Visit visit, OfferWithdrawn e) {
        Set<String> excluded = new LinkedHashSet<>(visit.excludedProviders());
        if (visit.openOffer(e.offerId()).isPresent()) {
            List<Offer> offers = visit.offers().stream().filter(o -> !o.offerId().equals(e.offerId())).toList();
            if (visit.status() != VisitStatus.ASSIGNED) {
                excluded.add(e.providerId());
            }
            VisitStatus status = visit.isFinal() || visit.status() == VisitStatus.ASSIGNED ? visit.status()
                    : VisitStatus.REQUESTED;
            return visit.with(status, offers, visit.team(), visit.ended(), excluded, visit.attempts(),
                    visit.lastInput());
        }
        if (visit.team().stream().noneMatch(o -> o.offerId().equals(e.offerId()))) {
            return visit;
        }
        List<Offer> team = visit.team().stream().filter(o -> !o.offerId().equals(e.offerId())).toList();
        excluded.add(e.providerId());
        Map<String, java.time.Instant> departed = new HashMap<>(visit.departed());
        departed.remove(e.providerId());
        return visit.attending(visit.isFinal() ? visit.status() : VisitStatus.REQUESTED, team, visit.ended(),
                visit.checkedIn(), departed, excluded, visit.lastInput());
    }

    private static Visit ended(Visit visit, String providerId, String input) {
        try {
            return Attendance.end(visit, providerId, input).visit();
        } catch (IllegalTransition notOnTheTeam) {
            return visit;
        }
    }
}
