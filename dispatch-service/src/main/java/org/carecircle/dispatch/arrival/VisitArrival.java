package org.carecircle.dispatch.arrival;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.PoisonEventException;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;

/**
 * A visit arrives: it is stored, due for its first round — at once for work of now, after the batching window for
 * a batched one (its area's next joint assignment), at its lead time for a visit with a time window.
 */
@Service
public class VisitArrival {
    private final VisitRepository visits;
    private final ServiceCatalogue catalogue;
    private final DispatchProperties properties;
    private final OfferRound offers;
    private final Clock clock;

    VisitArrival(VisitRepository visits, ServiceCatalogue catalogue, DispatchProperties properties, OfferRound offers,
                 Clock clock) {
        this.visits = visits;
        this.catalogue = catalogue;
        this.properties = properties;
        this.offers = offers;
        this.clock = clock;
    }

    public void onRequested(VisitRequested event) {
        ServiceDefinition service = catalogue.find(event.serviceCode()).orElseThrow(() -> new PoisonEventException(
                "unknown service code " + event.serviceCode() + " in order " + event.orderId()));
        Instant now = clock.instant();
        Instant releaseAt = properties.matchFrom(event.window(), service.code(), now);
        Visit visit = Visit.requested(event, service.providers(), releaseAt);
        boolean planned = releaseAt.isAfter(now);
        boolean batched = planned || properties.batched(visit.priority(), visit.seats());
        Instant dueAt = planned ? releaseAt : now.plus(batched ? properties.batching().window() : properties.requestedGrace());
        visits.create(visit, dueAt); // false on a re-delivery: the visit stands as stored
        if (!batched) {
            // a re-delivery too: if the first delivery stopped before dispatching, dispatch now
            offers.offerIfAwaiting(event.orderId());
        }
    }
}
