package org.carecircle.intake.careplan;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.events.CarePlanChanged;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.intake.careplan.domain.CarePlan;
import org.carecircle.intake.careplan.domain.Recurrence;
import org.carecircle.intake.order.IntakeProperties;
import org.carecircle.intake.order.domain.OrganizationKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The care plans' record is the compacted {@code care-plans} topic: every change is published with the whole plan
 * after it ({@code acks=all}) and only then applied to the Redis view — a plan Kafka did not acknowledge was not
 * changed (503), and one it did comes back from the log when Redis loses it ({@link CarePlanViewRebuild}).
 */
@Component
class CarePlanLog {
    private static final Logger log = LoggerFactory.getLogger(CarePlanLog.class);

    /** What a change was (the event's {@code action}). */
    enum Action { CREATED, PAUSED, RESUMED, CHANGED, ENDED }

    private final EventPublisher publisher;
    private final CarePlanStore store;
    private final CarePlanProperties properties;
    private final IntakeProperties intake;
    private final Clock clock;

    CarePlanLog(EventPublisher publisher, CarePlanStore store, CarePlanProperties properties, IntakeProperties intake,
                Clock clock) {
        this.publisher = publisher;
        this.store = store;
        this.properties = properties;
        this.intake = intake;
        this.clock = clock;
    }

    /** Publishes the plan after a change and waits for Kafka's acknowledgement, then applies it to the view. */
    void record(CarePlan plan, PlanMeta meta, Action action) {
        CarePlanChanged event = toEvent(plan, meta, action);
        try {
            publisher.publishAndWait(event);
        } catch (EventPublisher.PublishFailedException e) {
            log.warn("Kafka did not acknowledge {} of care plan {}: {}", action, plan.seriesId(), e.getMessage());
            throw ApiProblem.unavailable("The care plan could not be recorded right now (event log unavailable); "
                    + "it was NOT changed. Retry later.", intake.kafkaRetryAfter());
        }
        apply(event);
    }

    /** Applies a plan's state from the log (in the request path, or replayed): the latest one wins. */
    void apply(CarePlanChanged event) {
        CarePlan plan = toPlan(event);
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        store.apply(plan, toMeta(event), event.occurredAt(), !plan.ended(today));
    }

    private CarePlanChanged toEvent(CarePlan plan, PlanMeta meta, Action action) {
        return new CarePlanChanged(UUID.randomUUID().toString(), CarePlanChanged.SCHEMA_VERSION, clock.instant(),
                plan.seriesId(), action.name(),
                new Requester(meta.organizationId(), meta.kind().name(), meta.district()),
                plan.serviceCode(), meta.priority().name(), meta.patientRef(), new GeoPoint(meta.lat(), meta.lon()),
                meta.details(), meta.preferences(), meta.firstVisitAssessedOn(), plan.startDate(),
                plan.segments().stream().map(CarePlanLog::toWire).toList(),
                plan.pauses().stream().map(p -> new CarePlanChanged.Pause(p.from(), p.until(), p.reason())).toList(),
                plan.endDate(), plan.endReason());
    }

    private static CarePlanChanged.Segment toWire(CarePlan.Segment s) {
        Recurrence r = s.recurrence();
        return new CarePlanChanged.Segment(s.from(), r.kind().name(), r.ltcLevel(), r.everyDays(),
                r.weekday() == null ? null : r.weekday().name(), s.earliestStart(), s.latestStart());
    }

    static CarePlan toPlan(CarePlanChanged event) {
        return new CarePlan(event.seriesId(), event.serviceCode(), event.startDate(),
                event.segments().stream().map(s -> new CarePlan.Segment(s.from(),
                        new Recurrence(Recurrence.Kind.valueOf(s.kind()), s.ltcLevel(), s.everyDays(),
                                s.weekday() == null ? null : DayOfWeek.valueOf(s.weekday())),
                        s.earliestStart(), s.latestStart())).toList(),
                event.pauses().stream().map(p -> new CarePlan.Pause(p.from(), p.until(), p.reason())).toList(),
                event.endDate(), event.endReason());
    }

    static PlanMeta toMeta(CarePlanChanged event) {
        return new PlanMeta(event.requester().organizationId(), OrganizationKind.valueOf(event.requester().kind()),
                event.requester().district(), event.patientRef(), Priority.valueOf(event.priority()),
                event.home().lat(), event.home().lon(), event.details(), event.preferences(),
                event.firstVisitAssessedOn());
    }
}
