package org.carecircle.intake.careplan;

import org.carecircle.edge.ApiProblem;
import org.carecircle.intake.careplan.domain.CarePlan;
import org.carecircle.views.ViewGuard;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The care plans' view in Redis — only a view: the {@code care-plans} topic is their record, and the series'
 * placed occurrences come from {@code visit-orders}; {@link CarePlanViewRebuild} rebuilds it from both.
 * Keys: {@code cc:{intake}:plan:<seriesId>} (hash: plan, meta — the address sealed with the series id —, at: the
 * applied event's time), {@code cc:{intake}:plans} (open series), {@code cc:{intake}:plans:org:<org>},
 * {@code cc:{intake}:plan-orders:<seriesId>} (hash: date → order id of its occurrence),
 * {@code cc:{intake}:plan-cancelled:<seriesId>} (orders the series itself cancelled).
 */
@Component
class CarePlanStore {
    static final String VIEW = "intake-care-plans";
    private static final RedisScript<Long> APPLY =
            RedisScript.of(new ClassPathResource("scripts/apply-care-plan.lua"), Long.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String OPEN = "cc:{intake}:plans";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final ViewGuard guard;

    CarePlanStore(StringRedisTemplate redis, JsonMapper json, ViewGuard guard) {
        this.redis = redis;
        this.json = json;
        this.guard = guard;
    }

    /** Applies the plan's state as of {@code at} unless a later one is held; false when ignored as older. */
    boolean apply(CarePlan plan, PlanMeta meta, Instant at, boolean open) {
        Long applied = redis.execute(APPLY, List.of(key(plan.seriesId()), OPEN, organizationKey(meta.organizationId())),
                String.valueOf(at.toEpochMilli()), json.writeValueAsString(plan), json.writeValueAsString(meta),
                plan.seriesId(), open ? "1" : "0");
        return applied != null && applied == 1;
    }

    /** Whether the view is whole (not lost, not being rebuilt): only then may anything be decided on it. */
    boolean whole() {
        return guard.whole(VIEW);
    }

    /** Refuses with 503 while the view is not whole: what is missing may just not be back yet. */
    void requireWhole() {
        if (!whole()) {
            throw ApiProblem.unavailable("Care plans are being rebuilt from the log; try again shortly",
                    Duration.ofSeconds(5));
        }
    }

    Optional<CarePlan> plan(String seriesId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(seriesId), "plan"))
                .map(p -> json.readValue(p, CarePlan.class));
    }

    Optional<PlanMeta> meta(String seriesId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(seriesId), "meta"))
                .map(m -> json.readValue(m, PlanMeta.class));
    }

    Set<String> open() {
        Set<String> open = redis.opsForSet().members(OPEN);
        return open == null ? Set.of() : open;
    }

    void closed(String seriesId) {
        redis.opsForSet().remove(OPEN, seriesId);
    }

    Set<String> ofOrganization(String organizationId) {
        Set<String> ids = redis.opsForSet().members(organizationKey(organizationId));
        return ids == null ? Set.of() : ids;
    }

    /** The series' placed occurrences: date → order id of the one placed last for that date, by date. */
    Map<LocalDate, String> placed(String seriesId) {
        Map<LocalDate, String> placed = new TreeMap<>();
        redis.opsForHash().entries(ordersKey(seriesId))
                .forEach((date, orderId) -> placed.put(LocalDate.parse((String) date, DAY), (String) orderId));
        return placed;
    }

    void placed(String seriesId, LocalDate date, String orderId) {
        redis.opsForHash().put(ordersKey(seriesId), date.format(DAY), orderId);
    }

    boolean wasCancelledBySeries(String seriesId, String orderId) {
        return Boolean.TRUE.equals(redis.opsForSet().isMember(cancelledKey(seriesId), orderId));
    }

    void cancelledBySeries(String seriesId, String orderId) {
        redis.opsForSet().add(cancelledKey(seriesId), orderId);
    }

    private static String key(String seriesId) {
        return "cc:{intake}:plan:" + seriesId;
    }

    private static String organizationKey(String organizationId) {
        return "cc:{intake}:plans:org:" + organizationId;
    }

    private static String ordersKey(String seriesId) {
        return "cc:{intake}:plan-orders:" + seriesId;
    }

    private static String cancelledKey(String seriesId) {
        return "cc:{intake}:plan-cancelled:" + seriesId;
    }
}
