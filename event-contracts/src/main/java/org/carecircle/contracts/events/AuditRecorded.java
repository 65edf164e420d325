package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * Who read or changed which order, and whether they were allowed (topic {@code order-audit}, keyed by order id).
 *
 * @param actor             the caller's subject (user id from the token)
 * @param actorOrganization the caller's organization, or {@code null} for district-level users
 * @param action            CREATE, READ, CANCEL, or a supervisor's ASSIGN or REASSIGN
 * @param outcome           ALLOWED or DENIED
 * @param reason            why, in the actor's words (required for a supervisor's assignment); else {@code null}
 */
public record AuditRecorded(String eventId, int schemaVersion, Instant occurredAt, String orderId, String actor,
                            String actorOrganization, String action, String outcome, String reason)
        implements CareEvent {
    public static final String TYPE = "audit-recorded";
    public static final int SCHEMA_VERSION = 2;

    @Override
    public String messageKey() {
        return orderId;
    }
}
