package org.carecircle.dispatch.candidates.domain;

import org.carecircle.contracts.events.OfferExplanation;

import java.util.List;

/**
 * A matching decision for one visit: who was considered, who was excluded and why, and the eligible candidates
 * ranked by score (best first).
 */
public record Decision(int considered, List<OfferExplanation.Exclusion> excluded, List<Ranked> ranking,
                       double radiusFactor) {

    public Decision {
        excluded = List.copyOf(excluded);
        ranking = List.copyOf(ranking);
    }

    /** An eligible candidate and their score parts; lower total is better. */
    public record Ranked(CandidateFacts facts, double eta, double continuity, double fairness) {
        public double total() {
            return eta + continuity + fairness;
        }
    }

    /** The explanation an offer to {@code chosen} carries (at most {@code maxExclusions} exclusions listed). */
    public OfferExplanation explain(Ranked chosen, List<OfferExplanation.Exclusion> alsoExcluded, int maxExclusions) {
        List<OfferExplanation.Exclusion> all = new java.util.ArrayList<>(excluded);
        all.addAll(alsoExcluded);
        return new OfferExplanation(considered, all.subList(0, Math.min(all.size(), maxExclusions)), chosen.eta(),
                chosen.continuity(), chosen.fairness(), chosen.total(), radiusFactor);
    }
}
