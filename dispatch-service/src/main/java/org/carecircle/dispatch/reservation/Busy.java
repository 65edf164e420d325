package org.carecircle.dispatch.reservation;

import java.time.Instant;

/**
 * The time a visit would take of a provider, checked against their bookings: from {@code start} to {@code end}, plus
 * their travel time when {@code plusTravel} (a visit now), or exactly the window's (a planned visit).
 */
public record Busy(Instant start, Instant end, boolean plusTravel) {

    /** When the visit would free a provider who needs {@code etaMinutes} to get there. */
    public Instant until(int etaMinutes) {
        return plusTravel ? end.plusSeconds(etaMinutes * 60L) : end;
    }
}
