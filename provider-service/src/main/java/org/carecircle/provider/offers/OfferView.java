package org.carecircle.provider.offers;

import org.carecircle.contracts.events.TimeWindow;

import java.time.Instant;

/**
 * An offer as shown in an inbox: service, priority, distance, ETA and time window — what a provider needs to
 * decide; never the address, diagnosis or notes,
 * which are revealed only after acceptance.
 */
public record OfferView(String offerId, String orderId, String providerId, String organizationId, String serviceCode,
                        String priority, String travelMode, int distanceMeters, int etaMinutes, TimeWindow window,
                        Instant offeredAt, OfferStatus status) {
}
