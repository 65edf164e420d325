package org.carecircle.contracts.events;

import java.util.List;

/**
 * Why this provider got the offer (PIPL art. 24: automated decisions are explained): how many candidates were
 * inside the circle, who was excluded and why, and the chosen provider's score parts (lower is better).
 *
 * @param radiusFactor how far the circle had been widened (1.0 = the plain 15-minute circle)
 */
public record OfferExplanation(int candidatesConsidered, List<Exclusion> excluded, double etaScore,
                               double continuityScore, double fairnessScore, double totalScore, double radiusFactor) {
    public OfferExplanation {
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** A provider left out, and the rule that left them out. */
    public record Exclusion(String providerId, String reason) {
    }
}
