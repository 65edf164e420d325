package org.carecircle.dispatch.clocks;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.Candidates;
import org.carecircle.dispatch.candidates.domain.Decision;
import org.carecircle.dispatch.candidates.domain.Matching;
import org.carecircle.dispatch.visit.EscalationLog;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitRepository.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Visits still without anyone after their priority's escalation time are escalated to the district's supervisors
 * once, with the reason found at the widest circle; they keep being tried automatically.
 */
@Service
public class Escalations {
    private static final Logger log = LoggerFactory.getLogger(Escalations.class);
    /** At most this many pages of {@code retry-batch} visits per round (the rest in the next round). */
    private static final int MAX_PAGES = 50;

    private final VisitRepository visits;
    private final VisitUpdates updates;
    private final Candidates candidates;
    private final EscalationLog escalations;
    private final DispatchProperties properties;
    private final Clock clock;

    Escalations(VisitRepository visits, VisitUpdates updates, Candidates candidates, EscalationLog escalations,
                DispatchProperties properties, Clock clock) {
        this.visits = visits;
        this.updates = updates;
        this.candidates = candidates;
        this.escalations = escalations;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Every visit due for escalation is looked at, page by page, however many wait: escalated, or (someone is
     * eligible now, its area is paused) looked at again a retry interval later.
     */
    public void escalateOverdue() {
        Instant now = clock.instant();
        for (int page = 0; page < MAX_PAGES; page++) {
            List<String> due = visits.escalationsDue(now.toEpochMilli(), properties.retryBatch());
            if (due.isEmpty()) {
                return;
            }
            for (String orderId : due) {
                visits.find(orderId).map(Stored::visit).filter(v -> overdue(v, now))
                        .flatMap(v -> why(v, now)).ifPresent(why -> escalate(orderId, why, now));
                // still in the index (not escalated): again later, behind the others due
                visits.deferEscalation(orderId, now.plus(properties.retryInterval()));
            }
        }
    }

    private boolean overdue(Visit visit, Instant now) {
        return !visit.escalated() && visit.awaitsProvider() && candidates.paused(visit).isEmpty()
                && Duration.between(visit.dispatchFrom(), now).compareTo(properties.escalateAfter(visit.priority())) >= 0;
    }

    /** Why nobody can go, at the widest circle; empty when someone is eligible now (the next round offers it). */
    private Optional<EscalationLog.Entry> why(Visit visit, Instant now) {
        Optional<String> gate = candidates.visitGate(visit);
        if (gate.isPresent()) {
            return Optional.of(new EscalationLog.Entry(Matching.FIRST_VISIT_MISSING, gate.get(), now));
        }
        double widest = properties.widestFactor();
        Decision decision = candidates.decide(visit, now, widest);
        if (decision.ranking().size() >= visit.fewestToOffer()) {
            return Optional.empty();
        }
        String detail = decision.considered() == 0
                ? "nobody qualified on duty within " + widest + "x the 15-minute circle"
                + (visit.excludedProviders().isEmpty() ? "" : "; declined or lapsed: " + visit.excludedProviders().size())
                : Candidates.waitingReason(visit, decision);
        return Optional.of(new EscalationLog.Entry(Matching.escalationReason(visit, decision), detail, now));
    }

    private void escalate(String orderId, EscalationLog.Entry why, Instant now) {
        updates.applyIfLegal(orderId, "escalate-" + UUID.randomUUID(), new VisitUpdates.Change() {
            @Override
            public Transition apply(Visit visit, String input) {
                return visit.escalate(why.reason(), why.detail(), now, input);
            }

            @Override
            public List<CareEvent> saved(Visit before, Transition after) {
                escalations.record(orderId, why);
                return List.of();
            }
        });
        log.warn("Visit {} escalated to supervisors: {}", orderId, why.reason());
    }
}
