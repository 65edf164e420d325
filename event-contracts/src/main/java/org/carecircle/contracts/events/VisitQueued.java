package org.carecircle.contracts.events;

import java.time.Instant;

/** No qualified, available provider inside the circle: the order waits in the dispatch queue. */
public record VisitQueued(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                          String reason) implements VisitEvent {
    public static final String TYPE = "visit-queued";
    public static final int SCHEMA_VERSION = 1;
}
