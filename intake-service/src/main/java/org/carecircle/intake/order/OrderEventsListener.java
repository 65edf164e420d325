package org.carecircle.intake.order;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds every visit event into the orderer's read model (status and timeline). */
@Component
class OrderEventsListener {
    static final String ID = "intake-order-events";
    private final OrderReadModel readModel;

    OrderEventsListener(OrderReadModel readModel) {
        this.readModel = readModel;
    }

    @KafkaListener(id = ID,
            topics = {"#{@topics.visitOrders}", "#{@topics.visitDispatch}", "#{@topics.offerResponses}",
                    "#{@topics.visitProgress}"})
    void on(CareEvent event) {
        if (event instanceof VisitEvent visitEvent) {
            readModel.apply(visitEvent);
        }
    }
}
