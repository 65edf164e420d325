package org.carecircle.dispatch.messaging;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.answers.Answers;
import org.carecircle.dispatch.answers.Departures;
import org.carecircle.dispatch.arrival.VisitArrival;
import org.carecircle.dispatch.offering.WaitingRounds;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin: unwraps events and hands each to the stage of the visit's life it belongs to. */
@Component
class DispatchListener {
    private final VisitArrival arrival;
    private final Answers answers;
    private final WaitingRounds waiting;
    private final Departures departures;

    DispatchListener(VisitArrival arrival, Answers answers, WaitingRounds waiting, Departures departures) {
        this.departures = departures;
        this.arrival = arrival;
        this.answers = answers;
        this.waiting = waiting;
    }

    @KafkaListener(id = "dispatch-visits",
            topics = {"#{@topics.visitOrders}", "#{@topics.offerResponses}", "#{@topics.visitProgress}"})
    void onVisitEvent(CareEvent event) {
        switch (event) {
            case VisitRequested requested -> arrival.onRequested(requested);
            case VisitCancelled cancelled -> answers.onCancelled(cancelled);
            case OfferAccepted accepted -> answers.onAccepted(accepted);
            case OfferDeclined declined -> answers.onDeclined(declined);
            case VisitCheckedIn checkedIn -> departures.onCheckedIn(checkedIn);
            case VisitCompleted done -> answers.onEnded(done.orderId(), done.providerId(), done.eventId(), true);
            case VisitNotDone notDone -> answers.onEnded(notDone.orderId(), notDone.providerId(), notDone.eventId(), false);
            default -> { }
        }
    }

    /**
     * Supply changed: waiting visits are tried at once rather than on the next timer round; a provider who left
     * gives up the offers they hold.
     */
    @KafkaListener(id = "dispatch-supply", topics = "#{@topics.providerAvailability}")
    void onAvailability(ProviderAvailabilityChanged event) {
        if (event.available()) {
            waiting.supplyChanged(event.providerId(), event.occurredAt());
        } else {
            departures.onUnavailable(event);
        }
    }
}
