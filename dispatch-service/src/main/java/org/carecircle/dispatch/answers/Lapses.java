package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.visit.DispatchMetrics;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Silence is an answer too: offers not answered in time lapse — withdrawn, provider freed and excluded, next tried. */
@Service
public class Lapses {
    private final VisitRepository visits;
    private final VisitUpdates updates;
    private final OfferRound offers;
    private final DispatchMetrics metrics;
    private final DispatchProperties properties;
    private final Clock clock;

    Lapses(VisitRepository visits, VisitUpdates updates, OfferRound offers, DispatchMetrics metrics,
           DispatchProperties properties, Clock clock) {
        this.visits = visits;
        this.updates = updates;
        this.offers = offers;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    public void expireOffers() {
        Instant now = clock.instant();
        for (String orderId : visits.expiredOffers(now.toEpochMilli(), properties.retryBatch())) {
            updates.applyIfLegal(orderId, "lapse-" + UUID.randomUUID(), new VisitUpdates.Change() {
                @Override
                public Transition apply(Visit visit, String input) {
                    return visit.lapseExpired(now, input);
                }

                @Override
                public List<CareEvent> saved(Visit before, Transition after) {
                    metrics.answered("lapsed", before.priority(), before.offers().size() - after.visit().offers().size());
                    return List.of();
                }
            });
            offers.offerIfAwaiting(orderId);
        }
    }
}
