package org.carecircle.live;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The scripts of the live keyspace, each assembled once from the key prefixes ({@link LiveKeys#luaTable()}), the
 * rules in {@code live/lib.lua} and its own body, and called by SHA.
 */
final class LiveScripts {
    private static final String LIBRARY = LiveKeys.luaTable() + read("lib");

    static final RedisScript<Long> REGISTER = of("register", Long.class);
    static final RedisScript<Long> SHIFT = of("shift", Long.class);
    static final RedisScript<Long> BREAK = of("break", Long.class);
    static final RedisScript<Long> HEARTBEAT = of("heartbeat", Long.class);
    @SuppressWarnings("rawtypes")
    static final RedisScript<java.util.List> EXPIRE_STALE = of("expire-stale", java.util.List.class);
    static final RedisScript<String> FIND_CANDIDATES = of("find-candidates", String.class);
    static final RedisScript<String> PROVIDER_FACTS = of("provider-facts", String.class);
    static final RedisScript<Long> RESERVE = of("reserve", Long.class);
    static final RedisScript<Long> RELEASE = of("release", Long.class);
    static final RedisScript<Long> REST = of("rest", Long.class);
    static final RedisScript<Long> CONFIRM = of("confirm", Long.class);
    static final RedisScript<Long> COUNT_ASSIGNMENT = of("count-assignment", Long.class);
    static final RedisScript<Long> BOOK = of("book", Long.class);
    static final RedisScript<Long> UNBOOK = of("unbook", Long.class);
    static final RedisScript<Long> RESTORE = of("restore", Long.class);

    private LiveScripts() {
    }

    private static <T> RedisScript<T> of(String name, Class<T> reply) {
        return RedisScript.of(LIBRARY + "-- " + name + ".lua\n" + read(name), reply);
    }

    private static String read(String name) {
        try (var in = new ClassPathResource("live/" + name + ".lua").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing script live/" + name + ".lua", e);
        }
    }
}
