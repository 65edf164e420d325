package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.visit.EscalationLog;
import org.carecircle.dispatch.offering.OfferRound;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Attendance;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A provider who leaves — ends their shift, starts a break, or whose phone stops sending heartbeats — by the rules
 * of {@link Attendance}: an open offer of work of now is withdrawn at once and goes to the next candidate; a visit
 * of now they accepted and have not started is escalated to the district's supervisors at once and, unless they
 * check in within {@code departed-grace}, dispatched anew without them; planned visits stay as they are.
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
    private final EscalationLog escalations;
    private final DispatchProperties properties;
    private final Clock clock;

    Departures(VisitRepository visits, VisitUpdates updates, OfferRound offers, EscalationLog escalations,
               DispatchProperties properties, Clock clock) {
        this.visits = visits;
        this.updates = updates;
        this.offers = offers;
        this.escalations = escalations;
        this.properties = properties;
        this.clock = clock;
    }

    public void onUnavailable(ProviderAvailabilityChanged event) {
        String why = WHY.get(event.reason());
        if (event.available() || why == null) {
            return;
        }
        Instant now = clock.instant();
        Instant redispatchAt = now.plus(properties.departedGrace());
        for (String orderId : visits.involving(event.providerId())) {
            updates.applyIfLegal(orderId, "left-" + event.eventId(), new VisitUpdates.Change() {
                @Override
                public Transition apply(Visit visit, String input) {
                    return Attendance.providerLeft(visit, event.providerId(), why, now, redispatchAt, input);
                }

                @Override
                public List<CareEvent> saved(Visit before, Transition after) {
                    after.events().stream().filter(VisitEscalated.class::isInstance).map(VisitEscalated.class::cast)
                            .forEach(e -> escalations.record(orderId, new EscalationLog.Entry(e.reason(), e.detail(), now)));
                    return List.of();
                }
            }).ifPresent(t -> {
                log.info("Visit {}: provider {} left ({})", orderId, event.providerId(), event.reason());
                offers.offerIfAwaiting(orderId);
            });
        }
    }

    /** A provider checked in at the door: a visit waiting on their return is theirs again. */
    public void onCheckedIn(VisitCheckedIn event) {
        updates.applyIfLegal(event.orderId(), event.eventId(),
                (visit, input) -> Attendance.checkIn(visit, event.providerId(), input));
    }

    /** Visits whose provider left and did not check in within the grace are dispatched anew without them. */
    public void redispatchOverdue() {
        Instant now = clock.instant();
        for (String orderId : visits.departedBy(now.toEpochMilli(), properties.retryBatch())) {
            updates.applyIfLegal(orderId, "redispatch-" + UUID.randomUUID(),
                    (visit, input) -> Attendance.redispatch(visit, now, input)).ifPresent(t -> {
                        log.warn("Visit {} dispatched anew: its provider left before checking in", orderId);
                        offers.offerIfAwaiting(orderId);
                    });
        }
    }
}
