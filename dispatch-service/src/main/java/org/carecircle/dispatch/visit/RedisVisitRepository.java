package org.carecircle.dispatch.visit;

import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitStatus;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Visits in Redis: {@code cc:dispatch:visit:<orderId>} (hash: state JSON, version, outbox), the waiting queue
 * {@code cc:dispatch:queue} (order id by requested time), open offers by expiry {@code cc:dispatch:offers} and
 * running SLA clocks by deadline {@code cc:dispatch:sla}.
 * All of it can be rebuilt by replaying {@code visit-orders} and {@code offer-responses}.
 */
@Component
class RedisVisitRepository implements VisitRepository {
    static final String QUEUE = "cc:dispatch:queue";
    static final String OFFER_EXPIRIES = "cc:dispatch:offers";
    static final String SLA_DEADLINES = "cc:dispatch:sla";
    private static final TypeReference<List<CareEvent>> EVENTS = new TypeReference<>() { };
    private static final RedisScript<Long> SAVE = RedisScript.of(new ClassPathResource("scripts/save-visit.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final DispatchProperties properties;
    private final Clock clock;

    RedisVisitRepository(StringRedisTemplate redis, JsonMapper json, DispatchProperties properties, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean create(Visit visit, Instant dueAt) {
        return save(new Transition(visit, List.of()), 0, String.valueOf(dueAt.toEpochMilli()));
    }

    @Override
    public Optional<Stored> find(String orderId) {
        Map<Object, Object> hash = redis.opsForHash().entries(key(orderId));
        if (hash.get("state") == null) {
            return Optional.empty();
        }
        List<VisitEvent> outbox = json.readValue((String) hash.get("outbox"), EVENTS).stream()
                .map(VisitEvent.class::cast).toList();
        return Optional.of(new Stored(json.readValue((String) hash.get("state"), Visit.class),
                Long.parseLong((String) hash.get("version")), outbox));
    }

    @Override
    public boolean save(Transition transition, long expectedVersion) {
        Visit visit = transition.visit();
        // waiting visits are due for retry at once (oldest first); a requested one only if nobody dispatched it
        // within the grace period (a crash between accepting the event and dispatching it)
        String queueScore = !visit.awaitsProvider() ? "" : switch (visit.status()) {
            case WAITING -> String.valueOf(visit.dispatchFrom().toEpochMilli());
            default -> String.valueOf(clock.millis() + properties.requestedGrace().toMillis());
        };
        return save(transition, expectedVersion, queueScore);
    }

    private boolean save(Transition transition, long expectedVersion, String queueScore) {
        Visit visit = transition.visit();
        String expiry = visit.isFinal() || visit.status() == VisitStatus.ASSIGNED ? "" : visit.offers().stream()
                .map(o -> o.expiresAt().toEpochMilli()).min(Long::compare).map(String::valueOf).orElse("");
        String slaDeadline = visit.slaRunning()
                ? String.valueOf(visit.dispatchFrom().plus(properties.assignWithin(visit.priority())).toEpochMilli()) : "";
        Long saved = redis.execute(SAVE, List.of(key(visit.orderId()), QUEUE, OFFER_EXPIRIES, SLA_DEADLINES),
                String.valueOf(expectedVersion), json.writeValueAsString(visit),
                json.writerFor(EVENTS).writeValueAsString(transition.events()), visit.orderId(), queueScore, expiry,
                slaDeadline);
        return saved != null && saved == 1;
    }

    @Override
    public List<String> waiting(int limit) {
        return dueBy(clock.millis(), limit);
    }

    @Override
    public List<String> dueBy(long untilMillis, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(QUEUE, 0, untilMillis, 0, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public List<String> active(int limit) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        Set<String> queued = redis.opsForZSet().range(QUEUE, 0, limit - 1);
        Set<String> offered = redis.opsForZSet().range(OFFER_EXPIRIES, 0, limit - 1);
        if (queued != null) {
            ids.addAll(queued);
        }
        if (offered != null) {
            ids.addAll(offered);
        }
        return ids.stream().limit(limit).toList();
    }

    @Override
    public List<String> slaDue(long nowMillis, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(SLA_DEADLINES, 0, nowMillis, 0, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public List<String> expiredOffers(long nowMillis, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(OFFER_EXPIRIES, 0, nowMillis, 0, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    private static String key(String orderId) {
        return "cc:dispatch:visit:" + orderId;
    }
}
