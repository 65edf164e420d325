package org.carecircle.dispatch.candidates.domain;

import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.dispatch.visit.domain.Candidate;

/**
 * A provider inside the circle and what the live store says of them right now.
 *
 * @param reserved         holding another offer or visit (or travelling on after one)
 * @param fresh            their last heartbeat is recent enough
 * @param assignmentsToday visits assigned to them on the service date
 * @param atDailyLimit     their registered daily limit is reached on the service date
 * @param booked           another visit is booked for them in the time this one would take
 */
public record CandidateFacts(Candidate candidate, boolean reserved, boolean fresh, int assignmentsToday,
                             boolean atDailyLimit, ProviderProfile profile, boolean booked) {

    public String providerId() {
        return candidate.providerId();
    }

    /** The same facts, minus a reservation that is for this very visit (a supervisor's pick of an offered provider). */
    public CandidateFacts heldForThisVisit() {
        return new CandidateFacts(candidate, false, fresh, assignmentsToday, atDailyLimit, profile, booked);
    }
}
