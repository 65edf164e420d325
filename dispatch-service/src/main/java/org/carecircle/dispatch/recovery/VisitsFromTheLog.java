package org.carecircle.dispatch.recovery;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.answers.Answers;
import org.carecircle.dispatch.candidates.CareHistory;
import org.carecircle.dispatch.reservation.Reservation;
import org.carecircle.dispatch.reservation.Reservations;
import org.carecircle.dispatch.visit.DecisionGate;
import org.carecircle.dispatch.visit.EscalationLog;
import org.carecircle.dispatch.visit.VisitTimeline;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitHistory;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.live.LiveProviders;
import org.carecircle.views.RebuildableView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatch's views rebuilt from the log after Redis lost them (view {@code dispatch-visits}): every visit as its
 * events left it ({@link VisitHistory}) with its indexes (queue, offers, SLA, escalations, waiting), its timeline and
 * escalation reason, the patients' continuity of care, and in the live store what the visits hold (offer and visit
 * holds, bookings, each provider's assignments per day). The events of each order are folded in time order (the
 * order of one dispatch step kept). Then the acceptances the loss may have swallowed are handed to the normal path
 * again ({@link Answers}); those acted on before are refused there as no longer legal.
 * <p>
 * While the views are not whole the timer rounds and supervisors' assignments stand still ({@link DecisionGate})
 * and the visit listeners are paused; they resume from their committed offsets afterwards. Not rebuilt: the latest
 * matching explanation per visit (shown again from the next round), area pauses (set again by supervisors),
 * alarms and daily reports (their own listeners), a provider's travel buffer after a visit.
 */
@Component
public class VisitsFromTheLog implements RebuildableView {
    public static final String NAME = "dispatch-visits";
    private static final Logger log = LoggerFactory.getLogger(VisitsFromTheLog.class);

    private final Topics topics;
    private final VisitRepository visits;
    private final Reservations reservations;
    private final EscalationLog escalations;
    private final VisitTimeline timeline;
    private final CareHistory history;
    private final Answers answers;
    private final LiveProviders live;
    private final DecisionGate gate;
    private final DispatchProperties properties;
    private final ServiceCatalogue catalogue;
    private final Clock clock;
    private final Map<String, List<VisitEvent>> collected = new LinkedHashMap<>();

    VisitsFromTheLog(Topics topics, VisitRepository visits, Reservations reservations, EscalationLog escalations,
                     VisitTimeline timeline, CareHistory history, Answers answers, LiveProviders live,
                     DecisionGate gate, DispatchProperties properties, ServiceCatalogue catalogue, Clock clock) {
        this.topics = topics;
        this.visits = visits;
        this.reservations = reservations;
        this.escalations = escalations;
        this.timeline = timeline;
        this.history = history;
        this.answers = answers;
        this.live = live;
        this.gate = gate;
        this.properties = properties;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keyspaces() {
        return List.of("dispatch", org.carecircle.live.LiveProviders.KEYSPACE);
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getVisitOrders(), topics.getVisitDispatch(), topics.getOfferResponses(),
                topics.getVisitProgress());
    }

    @Override
    public List<String> liveListeners() {
        return List.of("dispatch-visits", "dispatch-supply");
    }

    @Override
    public void paused() {
        gate.close();
    }

    @Override
    public void resumed() {
        gate.open();
    }

    @Override
    public void beginReplay() {
        collected.clear();
    }

    @Override
    public void replay(CareEvent event) {
        if (event instanceof VisitEvent visitEvent) {
            collected.computeIfAbsent(visitEvent.orderId(), id -> new ArrayList<>()).add(visitEvent);
        }
    }

    @Override
    public void endReplay(boolean complete) {
        try {
            if (complete) {
                write();
            }
        } finally {
            collected.clear();
        }
    }

    private void write() {
        Instant now = clock.instant();
        Map<String, Map<LocalDate, Integer>> assignments = new HashMap<>();
        List<VisitEvent> answered = new ArrayList<>();
        List<VisitCompleted> served = new ArrayList<>();
        int restored = 0;
        for (List<VisitEvent> events : collected.values()) {
            List<VisitEvent> inOrder = events.stream().sorted(Comparator.comparing(VisitEvent::occurredAt)).toList();
            Optional<Visit> folded = fold(inOrder);
            if (folded.isEmpty()) {
                continue; // its order is older than what the log keeps
            }
            Visit visit = folded.get();
            visits.restore(visit);
            timeline.record(inOrder);
            inOrder.stream().filter(VisitEscalated.class::isInstance).map(VisitEscalated.class::cast)
                    .reduce((earlier, later) -> later).ifPresent(e -> escalations.record(visit.orderId(),
                            new EscalationLog.Entry(e.reason(), e.detail(), e.occurredAt())));
            inOrder.stream().filter(VisitCompleted.class::isInstance).map(VisitCompleted.class::cast).forEach(served::add);
            Reservation reservation = reservations.of(visit);
            for (Offer o : visit.team()) {
                assignments.computeIfAbsent(o.providerId(), p -> new HashMap<>())
                        .merge(reservation.serviceDate(visit, o.offeredAt()), 1, Integer::sum);
            }
            if (!visit.isFinal()) {
                reservation.restore(visit, now);
                inOrder.stream().filter(OfferAccepted.class::isInstance).forEach(answered::add);
            }
            restored++;
        }
        LocalDate recent = LocalDate.ofInstant(now, properties.zone()).minusDays(2);
        assignments.forEach((providerId, perDay) -> perDay.forEach((date, count) -> {
            if (!date.isBefore(recent)) {
                live.restoreAssignments(providerId, date, count);
            }
        }));
        continueHistory(served);
        redrive(answered);
        log.info("Dispatch views rebuilt: {} visits, {} answers handed on again", restored, answered.size());
    }

    /** The visit from its request on; empty when the request is not on the log any more (or names no service). */
    private Optional<Visit> fold(List<VisitEvent> inOrder) {
        Optional<VisitRequested> requested = inOrder.stream().filter(VisitRequested.class::isInstance)
                .map(VisitRequested.class::cast).findFirst();
        Optional<ServiceDefinition> service = requested.flatMap(r -> catalogue.find(r.serviceCode()));
        if (service.isEmpty()) {
            return Optional.empty();
        }
        VisitRequested request = requested.get();
        Visit visit = Visit.requested(request, service.get().providers(),
                properties.matchFrom(request.window(), request.serviceCode(), request.occurredAt()));
        for (VisitEvent event : inOrder) {
            visit = VisitHistory.apply(visit, event, properties.offerTimeout(visit.priority()), properties.departedGrace());
        }
        return Optional.of(visit);
    }

    /** Who last served each patient, and their first-visit assessments, in time order. */
    private void continueHistory(List<VisitCompleted> served) {
        served.sort(Comparator.comparing(VisitCompleted::occurredAt));
        for (VisitCompleted done : served) {
            if (done.record() == null) {
                continue;
            }
            history.served(done.record().patientRef(), done.providerId());
            if (done.record().serviceCode().equals(properties.firstVisit().assessmentService())) {
                history.assessedOn(done.record().patientRef(), done.record().date());
            }
        }
    }

    /** Acceptances, in time order, through the normal path: what it had acted on already it refuses. */
    private void redrive(List<VisitEvent> answered) {
        answered.sort(Comparator.comparing(VisitEvent::occurredAt));
        for (VisitEvent answer : answered) {
            if (answer instanceof OfferAccepted accepted) {
                answers.onAccepted(accepted);
            }
        }
    }
}
