package org.carecircle.dispatch.visit;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.dispatch.DispatchProperties;
import org.springframework.data.geo.Distance;
import org.springframework.data.geo.Metrics;
import org.springframework.data.redis.connection.RedisGeoCommands;
import org.springframework.data.redis.domain.geo.GeoReference;
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
 * Visits in Redis: {@code cc:{dispatch}:visit:<orderId>} (hash: state JSON, version, outbox) and their indexes, all
 * kept in step by {@code save-visit.lua}: the round queue {@code cc:{dispatch}:queue} (order id by when it is due for
 * its next round), open offers by expiry {@code cc:{dispatch}:offers}, running SLA clocks by deadline
 * {@code cc:{dispatch}:sla}, escalations by when they are due {@code cc:{dispatch}:escalations}, and the visits waiting
 * for a provider by when their matching started, per district {@code cc:{dispatch}:waiting:district:<d>} and per area
 * {@code cc:{dispatch}:waiting:area:<a>} (areas in {@code cc:{dispatch}:waiting:areas}), and by home per qualification
 * {@code cc:{dispatch}:waiting:geo:<qualification>}; and the visits each provider is involved in (an open offer, or
 * on the team and not done) {@code cc:{dispatch}:provider-visits:<providerId>}; and the visits whose provider left
 * before checking in, by when they are dispatched anew {@code cc:{dispatch}:departed}; and the visits whose last events
 * Kafka has not acknowledged yet, by when they were saved {@code cc:{dispatch}:unsent}. A view of the visit-orders, offer-responses and visit-progress
 * topics; rebuilding it from them after Redis lost it is not built yet (issue 13).
 */
@Component
class RedisVisitRepository implements VisitRepository {
    static final String QUEUE = "cc:{dispatch}:queue";
    static final String OFFER_EXPIRIES = "cc:{dispatch}:offers";
    static final String SLA_DEADLINES = "cc:{dispatch}:sla";
    static final String ESCALATIONS_DUE = "cc:{dispatch}:escalations";
    static final String WAITING_AREAS = "cc:{dispatch}:waiting:areas";
    static final String PROVIDER_VISITS = "cc:{dispatch}:provider-visits:";
    static final String DEPARTED = "cc:{dispatch}:departed";
    static final String UNSENT = "cc:{dispatch}:unsent";
    /** The visit's events up to {@code ARGV[1]} are acknowledged (or it is gone): it leaves the unsent index unless saved since. */
    private static final RedisScript<Long> SENT = RedisScript.of("local v = redis.call('HGET', KEYS[1], 'version') "
            + "if v and v ~= ARGV[1] then return 0 end "
            + "if v then redis.call('HSET', KEYS[1], 'unsent', '0') end "
            + "return redis.call('ZREM', KEYS[2], ARGV[2])", Long.class);
    private static final TypeReference<List<CareEvent>> EVENTS = new TypeReference<>() { };
    private static final RedisScript<Long> SAVE = RedisScript.of(new ClassPathResource("scripts/save-visit.lua"), Long.class);
    /** Moves a member of a sorted set to a new score, only if it is still there (ZADD XX). */
    private static final RedisScript<Long> RE_SCORE =
            RedisScript.of("return redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])", Long.class);
    /** Moves a member to the front (score 0) only if it is due by ARGV[2] already: never ahead of its lead time. */
    private static final RedisScript<Long> TO_FRONT = RedisScript.of("local s = redis.call('ZSCORE', KEYS[1], ARGV[1]) "
            + "if s and tonumber(s) <= tonumber(ARGV[2]) then return redis.call('ZADD', KEYS[1], 'XX', 'CH', 0, ARGV[1]) end "
            + "return 0", Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final DispatchProperties properties;
    private final ServiceCatalogue catalogue;
    private final Clock clock;

    RedisVisitRepository(StringRedisTemplate redis, JsonMapper json, DispatchProperties properties,
                         ServiceCatalogue catalogue, Clock clock) {
        this.redis = redis;
        this.catalogue = catalogue;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean create(Visit visit, Instant dueAt) {
        return save(new Transition(visit, List.of()), 0, String.valueOf(dueAt.toEpochMilli()), false);
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
                Long.parseLong((String) hash.get("version")), outbox, "1".equals(hash.get("unsent"))));
    }

    @Override
    public boolean save(Transition transition, long expectedVersion) {
        return save(transition, expectedVersion, queueScore(transition.visit()), false);
    }

    /**
     * Waiting visits are due for retry at once (oldest first); a requested one only if nobody dispatched it within
     * the grace period (a crash between accepting the event and dispatching it).
     */
    private String queueScore(Visit visit) {
        return !visit.awaitsProvider() ? "" : switch (visit.status()) {
            case WAITING -> String.valueOf(visit.dispatchFrom().toEpochMilli());
            default -> String.valueOf(clock.millis() + properties.requestedGrace().toMillis());
        };
    }

    /** @param keepUnsent the outbox is the one stored (indexes saved again): whether it is unsent stays as it is */
    private boolean save(Transition transition, long expectedVersion, String queueScore, boolean keepUnsent) {
        Visit visit = transition.visit();
        String expiry = visit.isFinal() || visit.status() == VisitStatus.ASSIGNED ? "" : visit.offers().stream()
                .map(o -> o.expiresAt().toEpochMilli()).min(Long::compare).map(String::valueOf).orElse("");
        String slaDeadline = visit.slaRunning()
                ? String.valueOf(visit.dispatchFrom().plus(properties.assignWithin(visit.priority())).toEpochMilli()) : "";
        boolean waiting = visit.awaitsProvider();
        String escalationDue = waiting && !visit.escalated()
                ? millis(visit.dispatchFrom().plus(properties.escalateAfter(visit.priority()))) : "";
        String area = properties.batchArea(visit.areaKey());
        String redispatchAt = visit.isFinal() ? "" : visit.departed().values().stream().min(Instant::compareTo)
                .map(RedisVisitRepository::millis).orElse("");
        Long saved = redis.execute(SAVE, List.of(key(visit.orderId()), QUEUE, OFFER_EXPIRIES, SLA_DEADLINES,
                        ESCALATIONS_DUE, districtKey(visit.district()), areaKey(area), WAITING_AREAS, DEPARTED, UNSENT),
                String.valueOf(expectedVersion), json.writeValueAsString(visit),
                json.writerFor(EVENTS).writeValueAsString(transition.events()), visit.orderId(), queueScore, expiry,
                slaDeadline, escalationDue, waiting ? millis(visit.dispatchFrom()) : "", area,
                String.join(",", catalogue.get(visit.serviceCode()).qualifications().stream().map(RedisVisitRepository::geoKey)
                        .toList()), String.valueOf(visit.home().lon()), String.valueOf(visit.home().lat()),
                String.join(",", involved(visit)), PROVIDER_VISITS, redispatchAt, String.valueOf(clock.millis()),
                keepUnsent ? "1" : "");
        return saved != null && saved == 1;
    }

    @Override
    public List<String> unsentBy(long untilMillis, int limit) {
        return scoredBy(UNSENT, untilMillis, limit);
    }

    @Override
    public void retryUnsent(String orderId, Instant at) {
        redis.execute(RE_SCORE, List.of(UNSENT), orderId, millis(at));
    }

    @Override
    public void sent(String orderId, long version) {
        redis.execute(SENT, List.of(key(orderId), UNSENT), String.valueOf(version), orderId);
    }

    @Override
    public List<String> waiting(int limit) {
        return dueBy(clock.millis(), limit);
    }

    @Override
    public List<String> dueBy(long untilMillis, int limit) {
        return scoredBy(QUEUE, untilMillis, limit);
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
        return scoredBy(SLA_DEADLINES, nowMillis, limit);
    }

    @Override
    public List<String> expiredOffers(long nowMillis, int limit) {
        return scoredBy(OFFER_EXPIRIES, nowMillis, limit);
    }

    @Override
    public List<String> escalationsDue(long nowMillis, int limit) {
        return scoredBy(ESCALATIONS_DUE, nowMillis, limit);
    }

    @Override
    public void restore(Visit visit) {
        long version = find(visit.orderId()).map(Stored::version).orElse(0L);
        // due at once, but never before its matching may start (a planned visit waits for its lead time)
        String due = !visit.awaitsProvider() ? ""
                : String.valueOf(Math.max(visit.dispatchFrom().toEpochMilli(), clock.millis()));
        save(new Transition(visit, List.of()), version, due, false);
    }

    @Override
    public List<String> departedBy(long untilMillis, int limit) {
        return scoredBy(DEPARTED, untilMillis, limit);
    }

    private List<String> scoredBy(String index, long untilMillis, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(index, 0, untilMillis, 0, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public void deferEscalation(String orderId, Instant until) {
        redis.execute(RE_SCORE, List.of(ESCALATIONS_DUE), orderId, millis(until));
    }

    @Override
    public void deferRound(String orderId, Instant until) {
        redis.execute(RE_SCORE, List.of(QUEUE), orderId, millis(until));
    }

    @Override
    public List<String> waitingNear(String qualification, GeoPoint at, double radiusMeters, int limit) {
        var found = redis.opsForGeo().search(geoKey(qualification), GeoReference.fromCoordinate(at.lon(), at.lat()),
                new Distance(radiusMeters / 1000, Metrics.KILOMETERS),
                RedisGeoCommands.GeoSearchCommandArgs.newGeoSearchArgs().sortAscending().limit(limit));
        return found == null ? List.of() : found.getContent().stream().map(r -> r.getContent().getName()).toList();
    }

    @Override
    public int dueNow(List<String> orderIds, long dueByMillis) {
        int moved = 0;
        for (String id : orderIds) {
            Long changed = redis.execute(TO_FRONT, List.of(QUEUE), id, String.valueOf(dueByMillis));
            moved += changed == null ? 0 : changed.intValue();
        }
        return moved;
    }

    /**
     * Saves every visit of the round queue and the offer index again as it is, so that the indexes added since it
     * was last saved (escalations due, waiting visits, providers involved) hold it too; a visit changed meanwhile
     * was saved with them anyway.
     */
    @Override
    public int reindexAll() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        java.util.Optional.ofNullable(redis.opsForZSet().range(QUEUE, 0, -1)).ifPresent(ids::addAll);
        java.util.Optional.ofNullable(redis.opsForZSet().range(OFFER_EXPIRIES, 0, -1)).ifPresent(ids::addAll);
        int saved = 0;
        for (String id : ids) {
            Optional<Stored> stored = find(id);
            Double score = redis.opsForZSet().score(QUEUE, id);
            Transition same = stored.map(st -> new Transition(st.visit(), st.outbox())).orElse(null);
            if (same != null && (score == null ? save(same, stored.get().version(), queueScore(same.visit()), true)
                    : save(same, stored.get().version(), String.valueOf(score.longValue()), true))) {
                saved++;
            }
        }
        return saved;
    }

    @Override
    public long waitingCount(String district, long nowMillis) {
        Long count = redis.opsForZSet().count(districtKey(district), 0, nowMillis);
        return count == null ? 0 : count;
    }

    @Override
    public List<String> waitingPage(String district, long nowMillis, int offset, int limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(districtKey(district), 0, nowMillis, offset, limit);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    @Override
    public Map<String, Long> waitingByArea(long nowMillis) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        Set<String> areas = redis.opsForSet().members(WAITING_AREAS);
        for (String area : areas == null ? Set.<String>of() : areas) {
            Long count = redis.opsForZSet().count(areaKey(area), 0, nowMillis);
            if (count == null || count == 0) {
                redis.opsForSet().remove(WAITING_AREAS, area);
            }
            counts.put(area, count == null ? 0 : count);
        }
        return counts;
    }

    @Override
    public Set<String> involving(String providerId) {
        Set<String> ids = redis.opsForSet().members(PROVIDER_VISITS + providerId);
        return ids == null ? Set.of() : ids;
    }

    /** Providers with an open offer of the visit, or on its team and not yet done with it. */
    private static Set<String> involved(Visit visit) {
        Set<String> ids = new java.util.TreeSet<>();
        if (!visit.isFinal()) {
            visit.offers().forEach(o -> ids.add(o.providerId()));
            visit.team().stream().map(o -> o.providerId()).filter(id -> !visit.ended().contains(id)).forEach(ids::add);
        }
        return ids;
    }

    private static String millis(Instant at) {
        return String.valueOf(at.toEpochMilli());
    }

    private static String key(String orderId) {
        return "cc:{dispatch}:visit:" + orderId;
    }

    private static String districtKey(String district) {
        return "cc:{dispatch}:waiting:district:" + district;
    }

    private static String areaKey(String area) {
        return "cc:{dispatch}:waiting:area:" + area;
    }

    private static String geoKey(String qualification) {
        return "cc:{dispatch}:waiting:geo:" + qualification;
    }
}
