package org.carecircle.dispatch.offering;

import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.dispatch.candidates.Candidates;
import org.carecircle.dispatch.candidates.domain.Decision;
import org.carecircle.dispatch.visit.domain.Proposal;
import org.carecircle.dispatch.visit.domain.Visit;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Why each offer went where it went: the decision (candidates considered, exclusions with reasons, score parts) and,
 * when whoever served the patient last does not get it, who they were and why not them — continuity of care is
 * broken only for a reason, and the reason is recorded.
 */
@Component
class Explanations {
    private static final int MAX_LISTED_EXCLUSIONS = 20;
    private final Candidates candidates;

    Explanations(Candidates candidates) {
        this.candidates = candidates;
    }

    /** The proposals with their explanations (none without a decision). */
    List<Proposal> explain(Visit visit, Decision decision, List<Proposal> proposals,
                           List<OfferExplanation.Exclusion> takenMeanwhile) {
        if (decision == null || proposals.isEmpty()) {
            return List.of();
        }
        List<Proposal> explained = proposals.stream().map(p -> new Proposal(p.candidate(), p.offerId(), decision.explain(
                decision.ranking().stream().filter(r -> r.facts().providerId().equals(p.candidate().providerId()))
                        .findFirst().orElseThrow(), takenMeanwhile, MAX_LISTED_EXCLUSIONS))).toList();
        String previous = candidates.lastProvider(visit);
        if (previous == null || explained.stream().anyMatch(p -> p.candidate().providerId().equals(previous))) {
            return explained;
        }
        String reason = notPrevious(previous, decision, takenMeanwhile);
        return explained.stream().map(p -> new Proposal(p.candidate(), p.offerId(),
                p.explanation().withProviderChange(previous, reason))).toList();
    }

    private static String notPrevious(String previous, Decision decision, List<OfferExplanation.Exclusion> takenMeanwhile) {
        return decision.excluded().stream().filter(e -> e.providerId().equals(previous))
                .map(OfferExplanation.Exclusion::reason).findFirst()
                .or(() -> takenMeanwhile.stream().filter(e -> e.providerId().equals(previous))
                        .map(OfferExplanation.Exclusion::reason).findFirst())
                .or(() -> decision.ranking().stream().filter(r -> r.facts().providerId().equals(previous)).findFirst()
                        .map(r -> "another provider scored better (" + r.total() + " against "
                                + decision.ranking().getFirst().total() + ")"))
                .orElse("not available inside the circle (off duty, busy or out of reach)");
    }
}
