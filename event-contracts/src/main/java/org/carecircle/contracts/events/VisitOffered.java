package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * Dispatch reserved a provider and offers them the visit (topic {@code visit-dispatch}). Carries only what a
 * provider needs to decide: service, priority, distance and ETA — no address, diagnosis or notes.
 *
 * @param distanceMeters straight-line distance from the provider's last location to the home
 * @param etaMinutes     estimated travel time by the provider's travel mode
 * @param attempt        1 for the first offer of this order, 2 for the next after a decline, ...
 * @param window         when the visit may start, if the order said
 * @param callEmergency  an emergency: the emergency service (120) must be called as well, whoever goes
 * @param explanation    why this provider (candidates, exclusions, score parts)
 * @param offerMode      ONE_AT_A_TIME; PARALLEL (offered to several at once, the first to accept gets it, the
 *                       others are withdrawn); PAIR (a two-person service: it is assigned once both accepted); or
 *                       SUPERVISOR (assigned by hand by a district supervisor, followed at once by visit-assigned)
 */
public record VisitOffered(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                           String offerId, String providerId, String organizationId, String serviceCode,
                           String priority, String travelMode, int distanceMeters, int etaMinutes, int attempt,
                           TimeWindow window, boolean callEmergency, OfferExplanation explanation,
                           String offerMode)
        implements VisitEvent {
    public static final String TYPE = "visit-offered";
    public static final int SCHEMA_VERSION = 2;
    public static final String ONE_AT_A_TIME = "ONE_AT_A_TIME";
    public static final String PARALLEL = "PARALLEL";
    public static final String PAIR = "PAIR";
    /** A district supervisor assigned the visit by hand: offered and assigned at once. */
    public static final String SUPERVISOR = "SUPERVISOR";
}
