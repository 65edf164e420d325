package org.carecircle.contracts.events;

import java.time.Instant;

/** The offered provider accepted and dispatch confirmed it: the visit is theirs. */
public record VisitAssigned(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                            String offerId, String providerId, String organizationId, int distanceMeters,
                            int etaMinutes) implements VisitEvent {
    public static final String TYPE = "visit-assigned";
    public static final int SCHEMA_VERSION = 1;
}
