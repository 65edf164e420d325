package org.carecircle.contracts.events;

import java.time.Instant;

/** An open offer is no longer valid (e.g. the order was cancelled); the provider is free again. */
public record OfferWithdrawn(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             String offerId, String providerId, String reason) implements VisitEvent {
    public static final String TYPE = "offer-withdrawn";
    public static final int SCHEMA_VERSION = 1;
}
