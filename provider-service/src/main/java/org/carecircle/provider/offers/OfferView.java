package org.carecircle.provider.offers;

import org.carecircle.contracts.events.TimeWindow;

import java.time.Instant;

/**
 * An offer as shown in an inbox: service, priority, distance, ETA and time window — what a provider needs to
 * decide; never the address, diagnosis or notes,
 * which are revealed only after acceptance.
 *
 * @param offerMode     ONE_AT_A_TIME; PARALLEL (others hold the same offer: the first to accept gets the visit);
 *                      PAIR (a two-person service: assigned once the partner accepted too)
 * @param callEmergency an emergency: 120 is called as well
 */
public record OfferView(String offerId, String orderId, String providerId, String organizationId, String serviceCode,
                        String priority, String travelMode, int distanceMeters, int etaMinutes, TimeWindow window,
                        Instant offeredAt, OfferStatus status, String offerMode, boolean callEmergency) {
}
