package org.carecircle.dispatch.matching.domain;

import org.carecircle.contracts.events.GeoPoint;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** Port: atomic reservation of providers (one offer or visit per provider at a time). */
public interface Reservations {

    /**
     * Where a provider is taken to be: {@code LIVE} where their last heartbeat put them (on duty, available: a visit
     * now); {@code BASE} their registered base, on duty or not (a planned visit, matched hours ahead of its window).
     */
    enum From { LIVE, BASE }

    /**
     * The providers holding one of {@code qualifications} whose circle (widened by {@code radiusFactor}) around
     * where they are taken to be ({@code from}) contains {@code home}, nearest by travel time first, with their live
     * facts. Reads only.
     */
    List<CandidateFacts> candidates(GeoPoint home, Collection<String> qualifications, double radiusFactor,
                                    LocalDate serviceDate, Busy busy, From from);

    /**
     * The time a visit would take of a provider, checked against their bookings: from {@code start} to {@code end},
     * plus their travel time when {@code plusTravel} (a visit now), or exactly the window's (a planned visit).
     */
    record Busy(java.time.Instant start, java.time.Instant end, boolean plusTravel) {
    }

    /** Books the provider for [{@code start}, {@code end}) unless it overlaps another booking of theirs. */
    boolean book(String providerId, String orderId, java.time.Instant start, java.time.Instant end);

    /** Frees the provider's booking for {@code orderId}, if any. */
    void unbook(String providerId, String orderId);

    /** Counts a visit among the provider's assignments of {@code date} (their daily limit). */
    void countAssignment(String providerId, LocalDate date);

    /**
     * One provider's live facts relative to {@code home} — for a supervisor choosing them by hand — if they are on
     * duty and located ({@code LIVE}) or have a registered base ({@code BASE}); with their qualifications and what
     * they are reserved for ({@code null} when free).
     */
    java.util.Optional<Live> provider(String providerId, GeoPoint home, LocalDate serviceDate, From from);

    /** @param hold what the provider is reserved for ({@code offer:<id>}, {@code visit:<orderId>}, ...), or null */
    record Live(CandidateFacts facts, List<String> qualifications, String hold) {
    }

    /**
     * Atomically reserves the provider for {@code holdValue} if they are still free, fresh, under their daily
     * limit and not booked before {@code busyUntil}, and takes them out of the geo index. {@code holdFor} is a safety net should the offer never resolve.
     */
    boolean reserve(String providerId, String holdValue, Duration holdFor, LocalDate serviceDate,
                    java.time.Instant busyUntil);

    /** Frees the provider if they are still reserved for {@code holdValue}; they become searchable again. */
    boolean release(String providerId, String holdValue);

    /**
     * After a visit the provider stays reserved for the travel buffer (then their next heartbeat makes them
     * available again); false when they were not reserved for {@code visitHold}.
     */
    boolean rest(String providerId, String visitHold, String restHold);

    /**
     * Turns an offer's reservation into the visit's and counts it among the provider's assignments of
     * {@code serviceDate}; false when the offer's reservation is gone.
     */
    boolean confirm(String providerId, String offerHold, String visitHold, LocalDate serviceDate);
}
