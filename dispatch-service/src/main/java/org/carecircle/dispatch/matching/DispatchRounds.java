package org.carecircle.dispatch.matching;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The timer side of dispatch: lapse unanswered offers, retry waiting visits, escalate, and run the SLA clocks. */
@Component
class DispatchRounds {
    private final Dispatcher dispatcher;

    DispatchRounds(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${carecircle.dispatch.retry-interval}")
    void round() {
        dispatcher.expireOffers();
        dispatcher.retryWaiting();
        dispatcher.escalateOverdue();
        dispatcher.breachSlas();
    }
}
