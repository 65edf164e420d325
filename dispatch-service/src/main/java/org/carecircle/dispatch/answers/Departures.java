package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
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
            // checked on the visit as saved: by rule a planned visit's offer stays open; on a team, nothing to withdraw
            boolean withdrawn = updates.applyIfLegal(orderId, "left-" + event.eventId(), (visit, input) ->
                    visit.planned() || visit.offers().stream().noneMatch(o -> o.providerId().equals(event.providerId()))
                            ? new Transition(visit, List.of())
                            : visit.providerLeft(event.providerId(), why, clock.instant(), input)).isPresent();
            if (withdrawn) {
                log.info("Offer of visit {} to provider {} withdrawn: {}", orderId, event.providerId(), event.reason());
                offers.offerIfAwaiting(orderId);
            }
        }
    }
}
