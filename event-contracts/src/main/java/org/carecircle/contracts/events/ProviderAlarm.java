package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * A provider in the field pressed the one-key alarm (SOS). Goes to the district's supervisors at once
 * (topic {@code provider-alarms}).
 *
 * @param location where the provider is (their whereabouts are shared for the emergency)
 * @param orderId  the visit they are on, if any
 */
public record ProviderAlarm(String eventId, int schemaVersion, Instant occurredAt, String providerId,
                            String organizationId, String district, GeoPoint location, String orderId)
        implements ProviderEvent {
    public static final String TYPE = "provider-alarm";
    public static final int SCHEMA_VERSION = 1;
}
