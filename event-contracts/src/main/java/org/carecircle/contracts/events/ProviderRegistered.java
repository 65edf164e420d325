package org.carecircle.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A provider was registered or their registration changed (compacted topic {@code provider-registry}: the
 * latest record per provider is the registry).
 *
 * @param displayName masked name shown to other roles (e.g. "王*")
 */
public record ProviderRegistered(String eventId, int schemaVersion, Instant occurredAt, String providerId,
                                 String organizationId, String displayName, String role,
                                 List<String> qualifications, String travelMode, ProviderProfile profile)
        implements ProviderEvent {
    public static final String TYPE = "provider-registered";
    public static final int SCHEMA_VERSION = 2;

    public ProviderRegistered {
        qualifications = List.copyOf(qualifications);
    }
}
