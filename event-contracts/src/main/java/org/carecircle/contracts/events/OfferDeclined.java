package org.carecircle.contracts.events;

import java.time.Instant;

/** A provider (or their nursing station) declined an offer, with a reason code. */
public record OfferDeclined(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                            String offerId, String providerId, String reason) implements VisitEvent {
    public static final String TYPE = "offer-declined";
    public static final int SCHEMA_VERSION = 1;
}
