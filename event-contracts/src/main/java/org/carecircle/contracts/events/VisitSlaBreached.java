package org.carecircle.contracts.events;

import java.time.Instant;

/** The visit was not assigned within its priority's target (configurable; defaults from domain.md). */
public record VisitSlaBreached(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                               String priority, long targetSeconds, long waitedSeconds) implements VisitEvent {
    public static final String TYPE = "visit-sla-breached";
    public static final int SCHEMA_VERSION = 1;
}
