package org.carecircle.dispatch.candidates;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Areas where a supervisor paused dispatch (e.g. a road closure, a station's emergency): their visits wait, with
 * the pause as the reason, until resumed — emergencies excepted. Hash {@code cc:{dispatch}:paused}: area → pause.
 */
@Component
public class AreaPauses {
    private static final String KEY = "cc:{dispatch}:paused";
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    AreaPauses(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Who paused an area, when and why. */
    public record Pause(String area, String by, String reason, Instant at) {
    }

    public void pause(Pause pause) {
        redis.opsForHash().put(KEY, pause.area(), json.writeValueAsString(pause));
    }

    public boolean resume(String area) {
        return redis.opsForHash().delete(KEY, area) > 0;
    }

    public Optional<Pause> find(String area) {
        return Optional.ofNullable((String) redis.opsForHash().get(KEY, area)).map(v -> json.readValue(v, Pause.class));
    }

    public Map<String, Pause> all() {
        Map<String, Pause> pauses = new LinkedHashMap<>();
        redis.opsForHash().entries(KEY).forEach((k, v) -> pauses.put((String) k, json.readValue((String) v, Pause.class)));
        return pauses;
    }
}
