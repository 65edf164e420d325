package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitRepository.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;

/**
 * A provider who leaves — ends their shift, starts a break, or whose phone stops sending heartbeats — answers every
 * open offer they hold for work of now at once: it is withdrawn with the reason, they are not asked again for that
 * visit, and it goes straight to the next candidate. The exception, by rule: an offer of a planned visit, matched
 * from their base hours ahead, stays open — their station may answer it for them while they are off shift.
 */
@Service
public class Departures {
    private static final Logger log = LoggerFactory.getLogger(Departures.class);
    /** The reasons provider-service gives (ProviderAvailabilityChanged), in the words an offer is withdrawn with. */
    static final Map<String, String> WHY = Map.of(
            "SHIFT_ENDED", "the provider ended their shift",
            "BREAK_STARTED", "the provider went on a break",
            "HEARTBEAT_LOST", "the provider's phone stopped reporting (heartbeat lost)");

    private final VisitRepository visits;
    private final VisitUpdates updates;
    private final OfferRound offers;
    private final Clock clock;

    Departures(VisitRepository visits, VisitUpdates updates, OfferRound offers, Clock clock) {
        this.visits = visits;
        this.updates = updates;
        this.offers = offers;
        this.clock = clock;
    }

    public void onUnavailable(ProviderAvailabilityChanged event) {
        String why = WHY.get(event.reason());
        if (event.available() || why == null) {
            return;
        }
        for (String orderId : visits.involving(event.providerId())) {
            boolean heldNow = visits.find(orderId).map(Stored::visit).filter(v -> !v.planned())
                    .filter(v -> v.offers().stream().anyMatch(o -> o.providerId().equals(event.providerId())))
                    .isPresent();
            if (heldNow) {
                updates.applyIfLegal(orderId, "left-" + event.eventId(),
                        (Visit visit, String input) -> visit.providerLeft(event.providerId(), why, clock.instant(), input));
                log.info("Offer of visit {} to provider {} withdrawn: {}", orderId, event.providerId(), event.reason());
                offers.offerIfAwaiting(orderId);
            }
        }
    }
}
