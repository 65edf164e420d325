package org.carecircle.dispatch.clocks;

import org.carecircle.dispatch.answers.Departures;
import org.carecircle.dispatch.answers.Lapses;
import org.carecircle.dispatch.offering.WaitingRounds;
import org.carecircle.dispatch.visit.DecisionGate;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The timer side of dispatch: send the events Kafka did not acknowledge, lapse unanswered offers, retry waiting visits, escalate, run the SLA clocks, and
 * dispatch anew the visits whose provider left before checking in.
 */
@Component
class DispatchRounds {
    private final Lapses lapses;
    private final WaitingRounds waiting;
    private final Escalations escalations;
    private final SlaClock sla;
    private final Departures departures;
    private final DecisionGate gate;
    private final VisitUpdates updates;
    private final java.time.Clock clock;

    DispatchRounds(Lapses lapses, WaitingRounds waiting, Escalations escalations, SlaClock sla,
                   Departures departures, DecisionGate gate, VisitUpdates updates, java.time.Clock clock) {
        this.gate = gate;
        this.updates = updates;
        this.clock = clock;
        this.lapses = lapses;
        this.waiting = waiting;
        this.escalations = escalations;
        this.sla = sla;
        this.departures = departures;
    }

    /** Not while dispatch's views are being rebuilt from the log ({@link DecisionGate}). */
    @Scheduled(fixedDelayString = "${carecircle.dispatch.retry-interval}")
    void round() {
        if (!gate.tryEnter()) {
            return;
        }
        try {
            updates.resendUnsent(clock.instant());
            lapses.expireOffers();
            waiting.retryWaiting();
            escalations.escalateOverdue();
            sla.breachSlas();
            departures.redispatchOverdue();
        } finally {
            gate.leave();
        }
    }
}
