package org.carecircle.contracts.events;

import java.time.Instant;

/** A provider (or their nursing station) accepted an offer (topic {@code offer-responses}). Dispatch decides. */
public record OfferAccepted(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                            String offerId, String providerId) implements VisitEvent {
    public static final String TYPE = "offer-accepted";
    public static final int SCHEMA_VERSION = 1;
}
