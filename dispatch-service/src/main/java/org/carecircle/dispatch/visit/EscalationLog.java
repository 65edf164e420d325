package org.carecircle.dispatch.visit;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Why each visit was escalated to supervisors ({@code cc:{dispatch}:escalation:<orderId>}, 7 days). */
@Component
public class EscalationLog {
    private static final Duration KEEP = Duration.ofDays(7);
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    EscalationLog(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public record Entry(String reason, String detail, Instant at) {
    }

    public void record(String orderId, Entry entry) {
        redis.opsForValue().set(key(orderId), json.writeValueAsString(entry), KEEP);
    }

    public Optional<Entry> find(String orderId) {
        return Optional.ofNullable(redis.opsForValue().get(key(orderId))).map(v -> json.readValue(v, Entry.class));
    }

    private static String key(String orderId) {
        return "cc:{dispatch}:escalation:" + orderId;
    }
}
