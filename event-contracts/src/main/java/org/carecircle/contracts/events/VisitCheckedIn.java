package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * The provider checked in at the door, verified against the home's location.
 *
 * @param distanceMeters distance between the reported position and the home
 * @param accuracyMeters the GPS accuracy the device reported
 */
public record VisitCheckedIn(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             String providerId, int distanceMeters, int accuracyMeters) implements VisitEvent {
    public static final String TYPE = "visit-checked-in";
    public static final int SCHEMA_VERSION = 1;
}
