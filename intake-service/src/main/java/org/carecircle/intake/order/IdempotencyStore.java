package org.carecircle.intake.order;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Remembers which order an {@code Idempotency-Key} created (Redis key {@code cc:{intake}:idem:<org>:<sha256(key)>};
 * rebuilt from {@code visit-requested} after a Redis loss, see {@link OrderViewRebuild}).
 * A key is first claimed as PENDING, becomes DONE once Kafka acknowledged the order, and UNACKNOWLEDGED when Kafka
 * did not acknowledge it in time — the order may be on the log all the same (a timeout is not a refusal), so the
 * client's retry publishes it again under the same order id (and event id) rather than making a second order.
 */
@Component
class IdempotencyStore {
    private static final RedisScript<String> CLAIM =
            RedisScript.of(new ClassPathResource("scripts/idempotency-claim.lua"), String.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final IntakeProperties properties;

    private final Clock clock;

    IdempotencyStore(StringRedisTemplate redis, JsonMapper json, IntakeProperties properties, Clock clock) {
        this.clock = clock;
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

    /**
     * After a Redis loss: the record of a key as the log has it ({@code visit-requested} carries the key's hash and
     * the request's), kept for what is left of its time; nothing when that is over or a record is there already.
     */
    void restore(String organizationId, String keyHash, Entry entry) {
        Duration left = Duration.between(clock.instant(), entry.since().plus(properties.idempotencyTtl()));
        if (!left.isNegative() && !left.isZero()) {
            redis.opsForValue().setIfAbsent(byHash(organizationId, keyHash), json.writeValueAsString(entry), left);
        }
    }

    /** The key as it is stored and put on the log: its SHA-256, so the client's own string stays with the client. */
    static String keyHash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redisKey(String organizationId, String key) {
        return byHash(organizationId, keyHash(key));
    }

    private static String byHash(String organizationId, String keyHash) {
        return "cc:{intake}:idem:" + organizationId + ":" + keyHash;
    }

    /** What an Idempotency-Key stands for. */
    record Entry(State state, String orderId, String requestHash, Instant since) {
        Entry done() {
            return new Entry(State.DONE, orderId, requestHash, since);
        }

        Entry unacknowledged() {
            return new Entry(State.UNACKNOWLEDGED, orderId, requestHash, since);
        }
    }

    enum State { PENDING, DONE, UNACKNOWLEDGED }
}
