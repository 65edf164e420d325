package org.carecircle.contracts.events;

/**
 * An event in the life of one visit order. Keyed on Kafka by the order's {@link #areaKey()}: all events of
 * one order keep their order, and orders of one area land on one partition.
 */
public sealed interface VisitEvent extends CareEvent
        permits VisitRequested, VisitCancelled, VisitOffered, OfferWithdrawn, VisitQueued, VisitAssigned,
        OfferAccepted, OfferDeclined, VisitEnRoute, VisitCheckedIn, VisitCompleted, VisitNotDone, VisitEscalated,
        VisitSlaBreached {

    String orderId();

    /** Coarse area of the home (a geohash cell), never the address. */
    String areaKey();

    @Override
    default String messageKey() {
        return areaKey();
    }
}
