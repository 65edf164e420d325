package org.carecircle.dispatch.matching;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitRequested;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin: unwraps events and hands them to the dispatcher. */
@Component
class DispatchListener {
    private final Dispatcher dispatcher;

    DispatchListener(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @KafkaListener(id = "dispatch-visits",
            topics = {"#{@topics.visitOrders}", "#{@topics.offerResponses}", "#{@topics.visitProgress}"})
    void onVisitEvent(CareEvent event) {
        switch (event) {
            case VisitRequested requested -> dispatcher.onRequested(requested);
            case VisitCancelled cancelled -> dispatcher.onCancelled(cancelled);
            case OfferAccepted accepted -> dispatcher.onAccepted(accepted);
            case OfferDeclined declined -> dispatcher.onDeclined(declined);
            case VisitCompleted done -> dispatcher.onEnded(done.orderId(), done.providerId(), done.eventId(), true);
            case VisitNotDone notDone -> dispatcher.onEnded(notDone.orderId(), notDone.providerId(), notDone.eventId(), false);
            default -> { }
        }
    }

    /** Supply changed: waiting visits are tried at once rather than on the next timer round. */
    @KafkaListener(id = "dispatch-supply", topics = "#{@topics.providerAvailability}")
    void onAvailability(ProviderAvailabilityChanged event) {
        if (event.available()) {
            dispatcher.supplyChanged(event.occurredAt());
        }
    }
}
