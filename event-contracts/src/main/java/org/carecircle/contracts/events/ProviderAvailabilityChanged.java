package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * A provider became available for offers or stopped being available (shift change, heartbeat lost).
 * Never carries a location: whereabouts stay in the live store.
 *
 * @param reason ON_DUTY_LOCATED, MOVED (an available provider moved far enough to reach other homes), SHIFT_ENDED, HEARTBEAT_LOST, BREAK_STARTED or BREAK_ENDED
 */
public record ProviderAvailabilityChanged(String eventId, int schemaVersion, Instant occurredAt, String providerId,
                                          String organizationId, boolean available, String reason)
        implements ProviderEvent {
    public static final String TYPE = "provider-availability-changed";
    public static final int SCHEMA_VERSION = 1;
}
