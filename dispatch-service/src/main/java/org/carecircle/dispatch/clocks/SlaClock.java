package org.carecircle.dispatch.clocks;

import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** The assignment target of each priority: every miss is announced once. */
@Service
public class SlaClock {
    private final VisitRepository visits;
    private final VisitUpdates updates;
    private final DispatchProperties properties;
    private final Clock clock;

    SlaClock(VisitRepository visits, VisitUpdates updates, DispatchProperties properties, Clock clock) {
        this.visits = visits;
        this.updates = updates;
        this.properties = properties;
        this.clock = clock;
    }

    public void breachSlas() {
        Instant now = clock.instant();
        for (String orderId : visits.slaDue(now.toEpochMilli(), properties.retryBatch())) {
            updates.applyIfLegal(orderId, "sla-" + UUID.randomUUID(), (visit, input) ->
                    visit.breachSla(properties.assignWithin(visit.priority()), now, input));
        }
    }
}
