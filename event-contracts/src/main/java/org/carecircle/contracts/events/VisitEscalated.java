package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * Supervisors must step in: dispatch could not find anyone for the visit even with the widest circle, or the
 * provider who accepted it left before checking in.
 *
 * @param reason NO_QUALIFIED_PROVIDER_IN_REACH, ALL_DECLINED_OR_LAPSED, ALL_EXCLUDED_BY_RULES,
 *               FIRST_VISIT_ASSESSMENT_MISSING or PROVIDER_LEFT_BEFORE_CHECK_IN
 * @param detail     the exclusions behind it, in words
 * @param providerId for PROVIDER_LEFT_BEFORE_CHECK_IN, who left (since schema version 2; null otherwise)
 */
public record VisitEscalated(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             String reason, String detail, long waitedSeconds, String providerId) implements VisitEvent {
    public static final String TYPE = "visit-escalated";
    public static final int SCHEMA_VERSION = 2;
}
