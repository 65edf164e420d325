package org.carecircle.provider.offers;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitOffered;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the inboxes in step with dispatch's decisions. */
@Component
class OfferListener {
    private final OfferInbox inbox;

    OfferListener(OfferInbox inbox) {
        this.inbox = inbox;
    }

    @KafkaListener(id = "provider-offers", topics = "#{@topics.visitDispatch}")
    void on(CareEvent event) {
        switch (event) {
            case VisitOffered offered -> inbox.received(offered);
            case VisitAssigned assigned -> inbox.assigned(assigned.offerId(), assigned.orderId());
            case OfferWithdrawn withdrawn -> inbox.withdrawn(withdrawn.offerId());
            default -> { }
        }
    }
}
