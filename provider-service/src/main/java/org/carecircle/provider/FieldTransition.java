package org.carecircle.provider;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Compare-and-set of one hash field ({@code scripts/field-transition.lua}), atomic in Redis so that two answers to
 * an offer, or two steps at a visit, cannot both win. Callers pass only keys they own.
 */
@Component
public class FieldTransition {
    private static final RedisScript<String> TRANSITION =
            RedisScript.of(new ClassPathResource("scripts/field-transition.lua"), String.class);

    private final StringRedisTemplate redis;

    FieldTransition(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Sets {@code field} of hash {@code key} to {@code next} if it is {@code expected}.
     *
     * @return the value found ({@code ""} when the hash has none); changed when it equals {@code expected}
     */
    public String move(String key, String field, String expected, String next) {
        return redis.execute(TRANSITION, List.of(key), field, expected, next);
    }
}
