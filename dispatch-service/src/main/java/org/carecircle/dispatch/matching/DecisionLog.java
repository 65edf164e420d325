package org.carecircle.dispatch.matching;

import org.carecircle.contracts.events.OfferExplanation;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The latest matching decision of each visit, for {@code GET /dispatch/visits/{id}/decision} (7 days). */
@Component
class DecisionLog {
    private static final Duration KEEP = Duration.ofDays(7);
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    DecisionLog(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** A decision as shown to supervisors: every candidate ranked with score parts, every exclusion with its reason. */
    record Entry(Instant at, String outcome, List<String> offeredTo, int candidatesConsidered, double radiusFactor,
                 List<OfferExplanation.Exclusion> excluded, List<RankedEntry> ranking) {
    }

    record RankedEntry(String providerId, int etaMinutes, int distanceMeters, double eta, double continuity,
                       double fairness, double total) {
    }

    void record(String orderId, Entry entry) {
        redis.opsForValue().set("cc:dispatch:decision:" + orderId, json.writeValueAsString(entry), KEEP);
    }

    Optional<Entry> latest(String orderId) {
        return Optional.ofNullable(redis.opsForValue().get("cc:dispatch:decision:" + orderId))
                .map(text -> json.readValue(text, Entry.class));
    }
}
