package org.carecircle.intake.order;

import org.carecircle.contracts.events.AuditRecorded;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.security.Caller;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/** Records who read or changed which order, allowed or denied, on the {@code order-audit} topic. */
@Component
class AuditTrail {
    enum Action { CREATE, READ, CANCEL }

    private final EventPublisher publisher;
    private final Clock clock;

    AuditTrail(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    void allowed(Caller caller, Action action, String orderId) {
        record(caller, action, orderId, "ALLOWED");
    }

    void denied(Caller caller, Action action, String orderId) {
        record(caller, action, orderId, "DENIED");
    }

    private void record(Caller caller, Action action, String orderId, String outcome) {
        publisher.publish(new AuditRecorded(UUID.randomUUID().toString(), AuditRecorded.SCHEMA_VERSION,
                clock.instant(), orderId, caller.subject(), caller.organizationId(), action.name(), outcome, null));
    }
}
