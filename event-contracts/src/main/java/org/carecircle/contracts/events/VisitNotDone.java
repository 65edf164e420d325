package org.carecircle.contracts.events;

import java.time.Instant;

/** The provider reached the home but the visit could not be done. @param reason REFUSED_AT_DOOR or PATIENT_NOT_HOME */
public record VisitNotDone(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                           String providerId, String reason) implements VisitEvent {
    public static final String TYPE = "visit-not-done";
    public static final int SCHEMA_VERSION = 1;
}
