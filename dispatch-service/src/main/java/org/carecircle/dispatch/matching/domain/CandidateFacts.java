package org.carecircle.dispatch.matching.domain;

import org.carecircle.contracts.events.ProviderProfile;

/**
 * A provider inside the circle and what the live store says of them right now.
 *
 * @param reserved         holding another offer or visit (or travelling on after one)
 * @param fresh            their last heartbeat is recent enough
 * @param assignmentsToday visits assigned to them on the service date
 * @param booked           another visit is booked for them in the time this one would take
 */
public record CandidateFacts(Candidate candidate, boolean reserved, boolean fresh, int assignmentsToday,
                             ProviderProfile profile, boolean booked) {
    public CandidateFacts(Candidate candidate, boolean reserved, boolean fresh, int assignmentsToday,
                          ProviderProfile profile) {
        this(candidate, reserved, fresh, assignmentsToday, profile, false);
    }

    public String providerId() {
        return candidate.providerId();
    }
}
