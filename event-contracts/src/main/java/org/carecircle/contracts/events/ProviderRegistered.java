package org.carecircle.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A provider was registered or their registration changed (compacted topic {@code provider-registry}: the
 * latest record per provider is the registry).
 *
 * @param displayName masked name shown to other roles (e.g. "王*")
 * @param base        where the provider's working day starts — their station or health center, a workplace and never
 *                    a home; planned visits are matched against it (null: none given, such a provider gets only work
 *                    of now). Added in schema 3; older records read as null.
 */
public record ProviderRegistered(String eventId, int schemaVersion, Instant occurredAt, String providerId,
                                 String organizationId, String displayName, String role,
                                 List<String> qualifications, String travelMode, ProviderProfile profile,
                                 GeoPoint base)
        implements ProviderEvent {
    public static final String TYPE = "provider-registered";
    public static final int SCHEMA_VERSION = 3;

    public ProviderRegistered {
        qualifications = List.copyOf(qualifications);
    }
}
