package org.carecircle.contracts.events;

import java.time.Instant;

/** The provider checked out: the visit was done, with its electronic visit record. */
public record VisitCompleted(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             String providerId, VisitRecord record) implements VisitEvent {
    public static final String TYPE = "visit-completed";
    public static final int SCHEMA_VERSION = 1;
}
