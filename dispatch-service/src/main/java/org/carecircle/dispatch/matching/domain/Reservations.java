package org.carecircle.dispatch.matching.domain;

import org.carecircle.contracts.events.GeoPoint;

import java.util.Collection;
import java.util.Optional;

/** Port: atomic reservation of providers (one offer or visit per provider at a time). */
public interface Reservations {

    /**
     * Atomically finds the available provider with the shortest ETA to {@code home} among those holding one of
     * {@code qualifications} and inside the circle of their travel mode, skipping {@code excluded}, and reserves
     * them for {@code holdValue} (for at most {@code holdFor}, a safety net should the offer never be resolved).
     * Empty when there is none.
     */
    Optional<Candidate> reserveNearest(GeoPoint home, Collection<String> qualifications, Collection<String> excluded,
                                       String holdValue, java.time.Duration holdFor);

    /** Frees the provider if they are still reserved for {@code holdValue}; they become searchable again. */
    boolean release(String providerId, String holdValue);

    /**
     * After a visit the provider stays reserved for the travel buffer (then their next heartbeat makes them
     * available again); false when they were not reserved for {@code visitHold}.
     */
    boolean rest(String providerId, String visitHold, String restHold);

    /** Turns an offer's reservation into the visit's; false when the offer's reservation is gone. */
    boolean confirm(String providerId, String offerHold, String visitHold);
}
