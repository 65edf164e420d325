package org.carecircle.contracts.events;

import java.time.Instant;

/** The ordering organization cancelled the order (topic {@code visit-orders}, producer intake-service). */
public record VisitCancelled(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             String reason) implements VisitEvent {
    public static final String TYPE = "visit-cancelled";
    public static final int SCHEMA_VERSION = 1;
}
