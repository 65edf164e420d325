package org.carecircle.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * The offered provider accepted and dispatch confirmed it: the visit is theirs. A two-person service is assigned
 * once both accepted: one event per provider, each naming the whole team.
 *
 * @param team every provider assigned to the visit (just this one, or both of a pair)
 */
public record VisitAssigned(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                            String offerId, String providerId, String organizationId, int distanceMeters,
                            int etaMinutes, List<String> team) implements VisitEvent {
    public static final String TYPE = "visit-assigned";
    public static final int SCHEMA_VERSION = 2;

    public VisitAssigned {
        team = team == null ? List.of(providerId) : List.copyOf(team);
    }
}
