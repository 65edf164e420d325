package org.carecircle.intake.careplan;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.carecircle.intake.careplan.domain.CarePlan;
import org.carecircle.intake.order.OrderIntake;
import org.carecircle.intake.order.OrderMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Care plans and their series, as their orderers see and change them. Every change is recorded on the
 * {@code care-plans} topic before it is applied to the Redis view ({@link CarePlanLog}); then the series is brought
 * up to the horizon ({@link SeriesScheduler}). While the view is not whole (Redis lost it, it is being rebuilt),
 * changes and reads of what is not back yet answer 503, never 404.
 */
@Service
public class CarePlans {
    private static final Logger log = LoggerFactory.getLogger(CarePlans.class);

    private final CarePlanStore store;
    private final CarePlanLog planLog;
    private final SeriesScheduler scheduler;
    private final ServiceCatalogue catalogue;
    private final OrderIntake orders;
    private final OrderMapper mapper;
    private final DetailsCipher cipher;
    private final CarePlanProperties properties;
    private final Clock clock;

    CarePlans(CarePlanStore store, CarePlanLog planLog, SeriesScheduler scheduler, ServiceCatalogue catalogue,
              OrderIntake orders, OrderMapper mapper, DetailsCipher cipher, CarePlanProperties properties, Clock clock) {
        this.store = store;
        this.planLog = planLog;
        this.scheduler = scheduler;
        this.catalogue = catalogue;
        this.orders = orders;
        this.mapper = mapper;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
    }

    /** The series as its orderer sees it, with its upcoming occurrences and their status. */
    public record View(CarePlan plan, String status, List<Upcoming> upcoming) {
    }

    public record Upcoming(LocalDate date, String orderId, String status, String providerId, Instant earliestStart,
                           Instant latestStart) {
    }

    public View create(CarePlanRequest request, Caller caller) {
        if (!caller.actsFor(Role.ORDERER, request.requester().organizationId())
                || !request.requester().kind().name().equals(caller.organizationKind()) || caller.district() == null) {
            throw ApiProblem.forbidden("You may only plan care for your own organization, as the kind of organization it is");
        }
        ServiceDefinition service = catalogue.find(request.serviceCode()).orElseThrow(() -> ApiProblem.invalid(
                "serviceCode", "unknown service code '" + request.serviceCode() + "' (see GET /catalogue/services)"));
        store.requireWhole();
        String seriesId = "ser-" + UUID.randomUUID();
        CarePlan plan = domain(() -> CarePlan.start(seriesId, service.code(), request.startDate(),
                new CarePlan.Segment(request.startDate(), request.recurrence().toDomain(),
                        request.window().earliestStart(), request.window().latestStart()),
                request.endDate(), properties.rules()), "recurrence");
        PlanMeta meta = new PlanMeta(request.requester().organizationId(), request.requester().kind(), caller.district(),
                request.patientRef(), request.priority() != null ? request.priority() : service.defaultPriority(),
                request.location().lat(), request.location().lon(),
                cipher.seal(seriesId, new VisitDetails(request.location().address(), request.notes())),
                mapper.toPreferences(request.preferences()), request.firstVisitAssessedOn());
        planLog.record(plan, meta, CarePlanLog.Action.CREATED);
        log.info("Care plan {} for {} ({}) from {}", seriesId, service.code(), request.recurrence().kind(),
                request.startDate());
        scheduler.materialize(seriesId);
        return view(seriesId);
    }

    /**
     * One line per series of the caller's organization: its status, how many occurrences are still to come and the
     * next one, ordered by series id.
     */
    public record Summary(String seriesId, String serviceCode, String patientRef, String status, int upcoming,
                          Upcoming next) {
    }

    /** The series of the ordering organization the caller acts for (503 while the view is not whole). */
    public List<Summary> list(Caller caller) {
        if (!caller.actsFor(Role.ORDERER, caller.organizationId())) {
            throw ApiProblem.forbidden("Only an orderer sees their organization's care plans");
        }
        store.requireWhole(); // a partial list would read as series that ended
        List<Summary> summaries = new ArrayList<>();
        for (String seriesId : new TreeSet<>(store.ofOrganization(caller.organizationId()))) {
            Optional<PlanMeta> meta = store.meta(seriesId);
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

    /** The series with its upcoming occurrences; 503 while the view is not whole (its occurrences may be missing). */
    public View get(String seriesId, Caller caller) {
        store.requireWhole();
        authorized(seriesId, caller);
        return view(seriesId);
    }

    /** Records the change on the log, applies it, and brings the series' orders in line with it. */
    View change(String seriesId, Caller caller, CarePlanLog.Action action, UnaryOperator<CarePlan> change) {
        PlanMeta meta = authorized(seriesId, caller);
        store.requireWhole(); // the series' placed occurrences must all be back before any is placed or cancelled
        CarePlan plan = store.plan(seriesId).orElseThrow();
        CarePlan changed = domain(() -> change.apply(plan), "series");
        planLog.record(changed, meta, action);
        scheduler.materialize(seriesId);
        return view(seriesId);
    }

    public CarePlanProperties properties() {
        return properties;
    }

    private View view(String seriesId) {
        CarePlan plan = store.plan(seriesId).orElseThrow(() -> ApiProblem.unavailable(
                "Care plans are being rebuilt from the log; try again shortly", java.time.Duration.ofSeconds(5)));
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        List<Upcoming> upcoming = new ArrayList<>();
        store.placed(seriesId).forEach((day, orderId) -> {
            if (!day.isBefore(today)) {
                orders.find(orderId).ifPresent(o -> upcoming.add(new Upcoming(day, o.order().orderId(),
                        o.status().name(), o.assignment() == null ? null : o.assignment().providerId(),
                        o.order().window().earliestStart(), o.order().window().latestStart())));
            }
        });
        String status = plan.ended(today) || plan.endReason() != null ? "ENDED"
                : plan.pauses().stream().anyMatch(p -> p.until() == null) ? "PAUSED" : "ACTIVE";
        return new View(plan, status, upcoming);
    }

    /** The series' meta for its orderer's organization or a supervisor of its district; anyone else: 404. */
    private PlanMeta authorized(String seriesId, Caller caller) {
        Optional<PlanMeta> meta = store.meta(seriesId);
        if (meta.isEmpty()) {
            store.requireWhole(); // not found while the view is not whole: it may just not be back yet (503)
        }
        return meta.filter(m -> caller.actsFor(Role.ORDERER, m.organizationId()) || caller.supervises(m.district()))
                .orElseThrow(() -> ApiProblem.notFound("Care plan " + seriesId));
    }

    private static <T> T domain(Supplier<T> step, String field) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }
}
