package org.carecircle.intake.careplan;

import org.carecircle.contracts.AreaKey;
import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.carecircle.intake.careplan.domain.CarePlan;
import org.carecircle.intake.order.IntakeProperties;
import org.carecircle.intake.order.OrderIntake;
import org.carecircle.intake.order.OrderMapper;
import org.carecircle.intake.order.domain.OrderStatus;
import org.carecircle.intake.order.domain.OrderView;
import org.carecircle.intake.order.domain.OrganizationKind;
import org.carecircle.intake.order.domain.VisitOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Care plans and their series: each occurrence up to the horizon is placed as its own order (linked to its series,
 * with its time window); a pause, a change from a date or the end cancels the occurrences the series no longer has.
 * Keys: {@code cc:intake:plan:<seriesId>} (hash: plan, meta — the address sealed with the series id),
 * {@code cc:intake:plan-orders:<seriesId>} (hash: date → order id), {@code cc:intake:plans} (open series),
 * {@code cc:intake:plans:org:<org>}.
 */
@Service
public class CarePlans {
    private static final Logger log = LoggerFactory.getLogger(CarePlans.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String OPEN = "cc:intake:plans";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final ServiceCatalogue catalogue;
    private final OrderIntake orders;
    private final OrderMapper mapper;
    private final DetailsCipher cipher;
    private final CarePlanProperties properties;
    private final IntakeProperties intake;
    private final Clock clock;

    CarePlans(StringRedisTemplate redis, JsonMapper json, ServiceCatalogue catalogue, OrderIntake orders,
              OrderMapper mapper, DetailsCipher cipher, CarePlanProperties properties, IntakeProperties intake, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.catalogue = catalogue;
        this.orders = orders;
        this.mapper = mapper;
        this.cipher = cipher;
        this.properties = properties;
        this.intake = intake;
        this.clock = clock;
    }

    /** What the series' orders need besides the plan: who ordered, for whom, where (sealed), preferences. */
    record Meta(String organizationId, OrganizationKind kind, String district, String patientRef, Priority priority,
                double lat, double lon, SealedDetails details, PatientPreferences preferences,
                LocalDate firstVisitAssessedOn) {
    }

    /** The series as its orderer sees it, with its upcoming occurrences and their status. */
    public record View(CarePlan plan, String status, List<Upcoming> upcoming) {
    }

    public record Upcoming(LocalDate date, String orderId, String status, String providerId, java.time.Instant earliestStart,
                           java.time.Instant latestStart) {
    }

    public View create(CarePlanRequest request, Caller caller) {
        if (!caller.actsFor(Role.ORDERER, request.requester().organizationId())
                || !request.requester().kind().name().equals(caller.organizationKind()) || caller.district() == null) {
            throw ApiProblem.forbidden("You may only plan care for your own organization, as the kind of organization it is");
        }
        ServiceDefinition service = catalogue.find(request.serviceCode()).orElseThrow(() -> ApiProblem.invalid(
                "serviceCode", "unknown service code '" + request.serviceCode() + "' (see GET /catalogue/services)"));
        String seriesId = "ser-" + UUID.randomUUID();
        CarePlan plan = domain(() -> CarePlan.start(seriesId, service.code(), request.startDate(),
                new CarePlan.Segment(request.startDate(), request.recurrence().toDomain(),
                        request.window().earliestStart(), request.window().latestStart()),
                request.endDate(), properties.rules()), "recurrence");
        Meta meta = new Meta(request.requester().organizationId(), request.requester().kind(), caller.district(),
                request.patientRef(), request.priority() != null ? request.priority() : service.defaultPriority(),
                request.location().lat(), request.location().lon(),
                cipher.seal(seriesId, new VisitDetails(request.location().address(), request.notes())),
                mapper.toPreferences(request.preferences()), request.firstVisitAssessedOn());
        redis.opsForHash().putAll(key(seriesId), Map.of("plan", json.writeValueAsString(plan),
                "meta", json.writeValueAsString(meta)));
        redis.opsForSet().add(OPEN, seriesId);
        redis.opsForSet().add("cc:intake:plans:org:" + meta.organizationId(), seriesId);
        log.info("Care plan {} for {} ({}) from {}", seriesId, service.code(), request.recurrence().kind(),
                request.startDate());
        materialize(seriesId);
        return view(seriesId);
    }

    /**
     * One line per series of the caller's organization: its status, how many occurrences are still to come and the
     * next one, ordered by series id.
     */
    public record Summary(String seriesId, String serviceCode, String patientRef, String status, int upcoming,
                          Upcoming next) {
    }

    /** The series of the ordering organization the caller acts for. */
    public List<Summary> list(Caller caller) {
        if (!caller.actsFor(Role.ORDERER, caller.organizationId())) {
            throw ApiProblem.forbidden("Only an orderer sees their organization's care plans");
        }
        Set<String> ids = redis.opsForSet().members("cc:intake:plans:org:" + caller.organizationId());
        List<Summary> summaries = new ArrayList<>();
        for (String seriesId : ids == null ? Set.<String>of() : new java.util.TreeSet<>(ids)) {
            Optional<Meta> meta = meta(seriesId);
            if (meta.isEmpty()) {
                continue;
            }
            View view = view(seriesId);
            List<Upcoming> coming = view.upcoming().stream().filter(u -> !"CANCELLED".equals(u.status())).toList();
            summaries.add(new Summary(seriesId, view.plan().serviceCode(), meta.get().patientRef(), view.status(),
                    coming.size(), coming.isEmpty() ? null : coming.getFirst()));
        }
        return summaries;
    }

    public View get(String seriesId, Caller caller) {
        authorized(seriesId, caller);
        return view(seriesId);
    }

    public View change(String seriesId, Caller caller, UnaryOperator<CarePlan> change) {
        authorized(seriesId, caller);
        CarePlan plan = plan(seriesId).orElseThrow();
        CarePlan changed = domain(() -> change.apply(plan), "series");
        redis.opsForHash().put(key(seriesId), "plan", json.writeValueAsString(changed));
        materialize(seriesId);
        return view(seriesId);
    }

    public CarePlan.Segment segment(CarePlanRequest.Change change) {
        return new CarePlan.Segment(change.from(), change.recurrence().toDomain(), change.window().earliestStart(),
                change.window().latestStart());
    }

    public CarePlanProperties properties() {
        return properties;
    }

    /** Brings every open series up to the horizon. */
    @Scheduled(fixedDelayString = "${carecircle.care-plans.materialize-interval}")
    void materializeAll() {
        Set<String> open = redis.opsForSet().members(OPEN);
        for (String seriesId : open == null ? Set.<String>of() : open) {
            try {
                materialize(seriesId);
            } catch (RuntimeException e) {
                log.warn("Series {} not brought up to the horizon this round: {}", seriesId, e.getMessage());
            }
        }
    }

    /**
     * Places every occurrence from today to the horizon not placed yet, and cancels placed occurrences from today
     * on that the series no longer has (paused, changed, ended). Placing twice has no second effect.
     */
    void materialize(String seriesId) {
        CarePlan plan = plan(seriesId).orElseThrow();
        Meta meta = meta(seriesId).orElseThrow();
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        Map<String, CarePlan.Occurrence> wanted = new TreeMap<>();
        for (CarePlan.Occurrence o : plan.occurrences(today, today.plusDays(properties.horizonDays() - 1L), properties.rules())) {
            wanted.put(o.date().format(DAY), o);
        }
        Map<Object, Object> placed = redis.opsForHash().entries(ordersKey(seriesId));
        String cancelledBySeries = "cc:intake:plan-cancelled:" + seriesId;
        for (Map.Entry<Object, Object> p : placed.entrySet()) {
            String date = (String) p.getKey();
            String orderId = (String) p.getValue();
            CarePlan.Occurrence o = wanted.get(date);
            if (!LocalDate.parse(date, DAY).isBefore(today) && (o == null || !orderId.startsWith(orderId(seriesId, o)))
                    && orders.cancelOccurrence(orderId, "series " + seriesId + " " + why(plan, LocalDate.parse(date, DAY)))) {
                redis.opsForSet().add(cancelledBySeries, orderId);
                log.info("Cancelled occurrence {} of series {}", orderId, seriesId);
            }
        }
        VisitDetails details = cipher.open(seriesId, meta.details());
        wanted.forEach((date, o) -> {
            String current = (String) placed.get(date);
            String base = orderId(seriesId, o);
            if (current != null && current.startsWith(base)
                    && !Boolean.TRUE.equals(redis.opsForSet().isMember(cancelledBySeries, current))) {
                return; // placed (and live, or cancelled by its orderer: that stays so)
            }
            // placed anew: the first time, or again after the series itself cancelled it (a pause, a change)
            String orderId = orders.find(base).isEmpty() ? base : base + "-r" + UUID.randomUUID().toString().substring(0, 6);
            VisitOrder order = new VisitOrder(orderId, new VisitOrder.Requester(meta.organizationId(), meta.kind(),
                    meta.district()), plan.serviceCode(), meta.priority(), meta.patientRef(),
                    new VisitOrder.Location(meta.lat(), meta.lon(), details.address()),
                    new VisitOrder.Window(o.date().atTime(o.earliestStart()).atZone(properties.zone()).toInstant(),
                            o.date().atTime(o.latestStart()).atZone(properties.zone()).toInstant()),
                    details.notes(), AreaKey.of(meta.lat(), meta.lon(), intake.areaPrecision()), clock.instant(),
                    meta.preferences(), meta.firstVisitAssessedOn(), seriesId);
            orders.placeOccurrence(order);
            redis.opsForHash().put(ordersKey(seriesId), date, orderId);
        });
        if (plan.ended(today)) {
            redis.opsForSet().remove(OPEN, seriesId);
        }
    }

    private View view(String seriesId) {
        CarePlan plan = plan(seriesId).orElseThrow();
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        List<Upcoming> upcoming = new ArrayList<>();
        new TreeMap<>(redis.opsForHash().entries(ordersKey(seriesId))).forEach((date, orderId) -> {
            LocalDate day = LocalDate.parse((String) date, DAY);
            if (!day.isBefore(today)) {
                orders.find((String) orderId).ifPresent(o -> upcoming.add(new Upcoming(day, o.order().orderId(),
                        o.status().name(), o.assignment() == null ? null : o.assignment().providerId(),
                        o.order().window().earliestStart(), o.order().window().latestStart())));
            }
        });
        String status = plan.ended(today) || plan.endReason() != null ? "ENDED"
                : plan.pauses().stream().anyMatch(p -> p.until() == null) ? "PAUSED" : "ACTIVE";
        return new View(plan, status, upcoming);
    }

    private static String why(CarePlan plan, LocalDate date) {
        if (plan.endDate() != null && date.isAfter(plan.endDate())) {
            return "ended" + (plan.endReason() == null ? "" : ": " + plan.endReason());
        }
        return plan.pauses().stream().filter(p -> !date.isBefore(p.from()) && (p.until() == null || date.isBefore(p.until())))
                .findFirst().map(p -> "paused: " + p.reason()).orElse("changed");
    }

    private void authorized(String seriesId, Caller caller) {
        boolean allowed = meta(seriesId)
                .filter(m -> caller.actsFor(Role.ORDERER, m.organizationId()) || caller.supervises(m.district()))
                .isPresent();
        if (!allowed) {
            throw ApiProblem.notFound("Care plan " + seriesId);
        }
    }

    private Optional<Meta> meta(String seriesId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(seriesId), "meta"))
                .map(m -> json.readValue(m, Meta.class));
    }

    private Optional<CarePlan> plan(String seriesId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(seriesId), "plan"))
                .map(p -> json.readValue(p, CarePlan.class));
    }

    /** Deterministic: the same occurrence (date and window start) always has the same order id. */
    private static String orderId(String seriesId, CarePlan.Occurrence o) {
        return "ord-" + seriesId.substring(4) + "-" + o.date().format(DAY) + "-"
                + o.earliestStart().format(DateTimeFormatter.ofPattern("HHmm"));
    }

    private static <T> T domain(java.util.function.Supplier<T> step, String field) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }

    private static String key(String seriesId) {
        return "cc:intake:plan:" + seriesId;
    }

    private static String ordersKey(String seriesId) {
        return "cc:intake:plan-orders:" + seriesId;
    }
}
