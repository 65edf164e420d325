package org.carecircle.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/**
 * What the live store says of one provider right now (the reply of {@code find-candidates.lua} and
 * {@code provider-facts.lua}, decoded by name, never by position).
 *
 * @param quals        their qualifications, comma-separated
 * @param profile      their registry profile as JSON ({@code ""} when none)
 * @param distance     straight-line meters from the home (a search only; null otherwise)
 * @param hold         what they are reserved for, or null when free
 * @param fresh        their last heartbeat keeps them available now
 * @param assignments  their assignments on the service date
 * @param atDailyLimit their daily limit is reached on the service date
 * @param freeUntil    millis: the earliest start of their bookings that end after the time asked about, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveFacts(String id, String org, String role, String mode, String quals, String profile, Double lat, Double lon,
                        Double baseLat, Double baseLon, boolean onDuty, boolean onBreak, String hold, boolean fresh,
                        int assignments, boolean atDailyLimit, Long freeUntil, Double distance) {

    public boolean reserved() {
        return hold != null;
    }

    public List<String> qualifications() {
        return quals == null || quals.isEmpty() ? List.of() : List.of(quals.split(","));
    }

    /** Another booking of theirs starts before {@code finish} (and ends after the time asked about). */
    public boolean bookedBefore(Instant finish) {
        return freeUntil != null && freeUntil < finish.toEpochMilli();
    }
}
