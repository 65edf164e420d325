package org.carecircle.dispatch.offering;

import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.dispatch.candidates.domain.Decision;
import org.carecircle.dispatch.visit.domain.Proposal;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The latest matching decision of each visit, for {@code GET /dispatch/visits/{id}/decision} (7 days). */
@Component
public class DecisionLog {
    private static final Duration KEEP = Duration.ofDays(7);
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    DecisionLog(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** A decision as shown to supervisors: every candidate ranked with score parts, every exclusion with its reason. */
    public record Entry(Instant at, String outcome, List<String> offeredTo, int candidatesConsidered, double radiusFactor,
                 List<OfferExplanation.Exclusion> excluded, List<RankedEntry> ranking) {
    }

    public record RankedEntry(String providerId, int etaMinutes, int distanceMeters, double eta, double continuity,
                       double fairness, double total) {
    }

    /** The log entry of a round: who was offered, who considered, excluded and ranked. */
    static Entry entry(Instant at, Decision decision, List<Proposal> offered, List<OfferExplanation.Exclusion> takenMeanwhile) {
        List<OfferExplanation.Exclusion> excluded = new java.util.ArrayList<>(decision.excluded());
        excluded.addAll(takenMeanwhile);
        List<String> chosen = offered.stream().map(p -> p.candidate().providerId()).toList();
        return new Entry(at, chosen.isEmpty() ? "WAITING" : "OFFERED", chosen, decision.considered(),
                decision.radiusFactor(), excluded, decision.ranking().stream().map(r -> new RankedEntry(
                r.facts().providerId(), r.facts().candidate().etaMinutes(), r.facts().candidate().distanceMeters(),
                r.eta(), r.continuity(), r.fairness(), r.total())).toList());
    }

    void record(String orderId, Entry entry) {
        redis.opsForValue().set("cc:{dispatch}:decision:" + orderId, json.writeValueAsString(entry), KEEP);
    }

    public Optional<Entry> latest(String orderId) {
        return Optional.ofNullable(redis.opsForValue().get("cc:{dispatch}:decision:" + orderId))
                .map(text -> json.readValue(text, Entry.class));
    }
}
