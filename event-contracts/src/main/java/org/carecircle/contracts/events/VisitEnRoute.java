package org.carecircle.contracts.events;

import java.time.Instant;

/** The assigned provider set off to the home (topic {@code visit-progress}, producer provider-service). */
public record VisitEnRoute(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                           String providerId) implements VisitEvent {
    public static final String TYPE = "visit-en-route";
    public static final int SCHEMA_VERSION = 1;
}
