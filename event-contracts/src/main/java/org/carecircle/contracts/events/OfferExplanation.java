package org.carecircle.contracts.events;

import java.util.List;

/**
 * Why this provider got the offer (PIPL art. 24: automated decisions are explained): how many candidates were
 * inside the circle, who was excluded and why, and the chosen provider's score parts (lower is better).
 *
 * @param radiusFactor how far the circle had been widened (1.0 = the plain 15-minute circle)
 * @param previousProvider      who served the patient last, when someone else gets this offer
 * @param providerChangeReason  why not them (continuity of care is broken only for a reason, and it is recorded)
 */
public record OfferExplanation(int candidatesConsidered, List<Exclusion> excluded, double etaScore,
                               double continuityScore, double fairnessScore, double totalScore, double radiusFactor,
                               String previousProvider, String providerChangeReason) {
    public OfferExplanation {
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    public OfferExplanation(int candidatesConsidered, List<Exclusion> excluded, double etaScore,
                            double continuityScore, double fairnessScore, double totalScore, double radiusFactor) {
        this(candidatesConsidered, excluded, etaScore, continuityScore, fairnessScore, totalScore, radiusFactor, null,
                null);
    }

    /**
     * A supervisor chose the provider by hand: the only candidate considered, scored by travel alone, in the plain
     * circle.
     */
    public static OfferExplanation chosenByHand(int etaMinutes) {
        return new OfferExplanation(1, List.of(), etaMinutes, 0, 0, etaMinutes, 1.0);
    }

    /** The same explanation, saying whom the patient had before and why they do not get it. */
    public OfferExplanation withProviderChange(String previous, String reason) {
        return new OfferExplanation(candidatesConsidered, excluded, etaScore, continuityScore, fairnessScore,
                totalScore, radiusFactor, previous, reason);
    }

    /** A provider left out, and the rule that left them out. */
    public record Exclusion(String providerId, String reason) {
    }
}
