package org.carecircle.intake.careplan;

import org.carecircle.contracts.AreaKey;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.intake.careplan.domain.CarePlan;
import org.carecircle.intake.order.IntakeProperties;
import org.carecircle.intake.order.OrderIntake;
import org.carecircle.intake.order.domain.VisitOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns series into orders: each occurrence up to the horizon is placed as its own order (linked to its series,
 * with its window); occurrences the series no longer has (paused, changed, ended) are cancelled. What was placed
 * (date → order) and what the series cancelled itself is in the view, rebuilt from {@code visit-orders} after a
 * loss, so an occurrence is never placed twice; nothing is decided while the view is not whole.
 */
@Component
class SeriesScheduler {
    private static final Logger log = LoggerFactory.getLogger(SeriesScheduler.class);

    private final CarePlanStore store;
    private final OrderIntake orders;
    private final DetailsCipher cipher;
    private final CarePlanProperties properties;
    private final IntakeProperties intake;
    private final Clock clock;

    SeriesScheduler(CarePlanStore store, OrderIntake orders, DetailsCipher cipher, CarePlanProperties properties,
                    IntakeProperties intake, Clock clock) {
        this.store = store;
        this.orders = orders;
        this.cipher = cipher;
        this.properties = properties;
        this.intake = intake;
        this.clock = clock;
    }

    /** The reason of a cancellation by the series itself (the rebuild recognizes it on {@code visit-orders}). */
    static String cancelReason(String seriesId, String why) {
        return "series " + seriesId + " " + why;
    }

    static boolean cancelledBySeries(String seriesId, String reason) {
        return reason != null && reason.startsWith("series " + seriesId + " ");
    }

    /** Brings every open series up to the horizon; skips the round while the view is not whole. */
    @Scheduled(fixedDelayString = "${carecircle.care-plans.materialize-interval}")
    void materializeAll() {
        if (!store.whole()) {
            log.info("Care plans are not whole in Redis (being rebuilt from the log): no orders placed this round");
            return;
        }
        for (String seriesId : store.open()) {
            try {
                materialize(seriesId);
            } catch (RuntimeException e) {
                log.warn("Series {} not brought up to the horizon this round: {}", seriesId, e.getMessage());
            }
        }
    }

    /**
     * Places every occurrence from today to the horizon not placed yet, and cancels placed occurrences from today
     * on that the series no longer has. Placing twice has no second effect. Nothing is done unless the view was
     * whole when the series was read (callers check it before too).
     */
    void materialize(String seriesId) {
        CarePlan plan = store.plan(seriesId).orElse(null);
        PlanMeta meta = store.meta(seriesId).orElse(null);
        Map<LocalDate, String> placed = store.placed(seriesId);
        if (plan == null || meta == null || !store.whole()) {
            return; // Redis lost it meanwhile (what was read may be partial): the next round, once rebuilt
        }
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        LocalDate horizon = today.plusDays(properties.horizonDays() - 1L);
        Map<LocalDate, CarePlan.Occurrence> wanted = new TreeMap<>();
        for (CarePlan.Occurrence o : plan.occurrences(today, horizon, properties.rules())) {
            wanted.put(o.date(), o);
        }
        placed.forEach((date, orderId) -> {
            CarePlan.Occurrence o = wanted.get(date);
            if (!date.isBefore(today) && (o == null || !orderId.startsWith(orderId(seriesId, o)))
                    && orders.cancelOccurrence(orderId, cancelReason(seriesId, why(plan, date)))) {
                store.cancelledBySeries(seriesId, orderId);
                log.info("Cancelled occurrence {} of series {}", orderId, seriesId);
            }
        });
        VisitDetails details = cipher.open(seriesId, meta.details());
        wanted.forEach((date, o) -> {
            String current = placed.get(date);
            String base = orderId(seriesId, o);
            if (current != null && current.startsWith(base) && !store.wasCancelledBySeries(seriesId, current)) {
                return; // placed (and live, or cancelled by its orderer: that stays so)
            }
            // placed anew: the first time, or again after the series itself cancelled it (a pause, a change)
            String orderId = orders.find(base).isEmpty() ? base
                    : base + "-r" + UUID.randomUUID().toString().substring(0, 6);
            orders.placeOccurrence(order(orderId, seriesId, plan, meta, details, o));
            store.placed(seriesId, date, orderId);
        });
        if (plan.ended(today)) {
            store.closed(seriesId);
        }
    }

    private VisitOrder order(String orderId, String seriesId, CarePlan plan, PlanMeta meta, VisitDetails details,
                             CarePlan.Occurrence o) {
        return new VisitOrder(orderId, new VisitOrder.Requester(meta.organizationId(), meta.kind(), meta.district()),
                plan.serviceCode(), meta.priority(), meta.patientRef(),
                new VisitOrder.Location(meta.lat(), meta.lon(), details.address()),
                new VisitOrder.Window(o.date().atTime(o.earliestStart()).atZone(properties.zone()).toInstant(),
                        o.date().atTime(o.latestStart()).atZone(properties.zone()).toInstant()),
                details.notes(), AreaKey.of(meta.lat(), meta.lon(), intake.areaPrecision()), clock.instant(),
                meta.preferences(), meta.firstVisitAssessedOn(), seriesId);
    }

    private static String why(CarePlan plan, LocalDate date) {
        if (plan.endDate() != null && date.isAfter(plan.endDate())) {
            return "ended" + (plan.endReason() == null ? "" : ": " + plan.endReason());
        }
        return plan.pauses().stream()
                .filter(p -> !date.isBefore(p.from()) && (p.until() == null || date.isBefore(p.until())))
                .findFirst().map(p -> "paused: " + p.reason()).orElse("changed");
    }

    /** Deterministic: the same occurrence (date and window start) always has the same order id. */
    static String orderId(String seriesId, CarePlan.Occurrence o) {
        return "ord-" + seriesId.substring(4) + "-" + o.date().format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + o.earliestStart().format(DateTimeFormatter.ofPattern("HHmm"));
    }
}
