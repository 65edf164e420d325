package org.carecircle.intake.order;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.views.RebuildableView;
import org.springframework.stereotype.Component;

import java.util.List;

/** The orderers' view of their orders (status, timeline) is rebuilt from the same four topics that feed it live. */
@Component
class OrderViewRebuild implements RebuildableView {
    static final String NAME = "intake-orders";
    private final OrderReadModel readModel;
    private final Topics topics;

    OrderViewRebuild(OrderReadModel readModel, Topics topics) {
        this.readModel = readModel;
        this.topics = topics;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getVisitOrders(), topics.getVisitDispatch(), topics.getOfferResponses(),
                topics.getVisitProgress());
    }

    @Override
    public List<String> liveListeners() {
        return List.of(OrderEventsListener.ID);
    }

    @Override
    public void replay(CareEvent event) {
        if (event instanceof VisitEvent visitEvent) {
            readModel.apply(visitEvent);
        }
    }
}
