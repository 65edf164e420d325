package org.carecircle.intake.order;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which order an {@code Idempotency-Key} created (Redis key {@code cc:intake:idem:<org>:<key>}).
 * A key is first claimed as PENDING, becomes DONE once Kafka acknowledged the order, and is released when the
 * order could not be published, so that the client's retry can succeed.
 */
@Component
class IdempotencyStore {
    private static final RedisScript<String> CLAIM =
            RedisScript.of(new ClassPathResource("scripts/idempotency-claim.lua"), String.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final IntakeProperties properties;

    IdempotencyStore(StringRedisTemplate redis, JsonMapper json, IntakeProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /** Claims the key; returns what is stored already if someone else has it. */
    Optional<Entry> claim(String organizationId, String key, Entry entry) {
        return swap(organizationId, key, null, entry);
    }

    /** Replaces {@code expected} by {@code replacement}; returns the stored entry if it was not {@code expected}. */
    Optional<Entry> swap(String organizationId, String key, Entry expected, Entry replacement) {
        String stored = redis.execute(CLAIM, List.of(redisKey(organizationId, key)),
                json.writeValueAsString(replacement), String.valueOf(properties.idempotencyTtl().toMillis()),
                expected == null ? "" : json.writeValueAsString(expected));
        return Optional.ofNullable(stored).map(s -> json.readValue(s, Entry.class));
    }

    void release(String organizationId, String key) {
        redis.delete(redisKey(organizationId, key));
    }

    private static String redisKey(String organizationId, String key) {
        return "cc:intake:idem:" + organizationId + ":" + key;
    }

    /** What an Idempotency-Key stands for. */
    record Entry(State state, String orderId, String requestHash, Instant since) {
        Entry done() {
            return new Entry(State.DONE, orderId, requestHash, since);
        }
    }

    enum State { PENDING, DONE }
}
