package org.carecircle.intake.order;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.views.RebuildableView;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The orderers' view of their orders (status, timeline) is rebuilt from the same four topics that feed it live, and
 * the Idempotency-Key records from the orders that carry one.
 */
@Component
class OrderViewRebuild implements RebuildableView {
    static final String NAME = "intake-orders";
    private final OrderReadModel readModel;
    private final Topics topics;
    private final IdempotencyStore idempotency;

    OrderViewRebuild(OrderReadModel readModel, Topics topics, IdempotencyStore idempotency) {
        this.readModel = readModel;
        this.idempotency = idempotency;
        this.topics = topics;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keyspaces() {
        return List.of("intake");
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

    /** Each order's status and timeline, and the orderer's Idempotency-Key records still within their time. */
    @Override
    public void replay(CareEvent event) {
        if (event instanceof VisitRequested requested && requested.idempotencyKeyHash() != null) {
            idempotency.restore(requested.requester().organizationId(), requested.idempotencyKeyHash(),
                    new IdempotencyStore.Entry(IdempotencyStore.State.DONE, requested.orderId(), requested.requestHash(),
                            requested.occurredAt()));
        }
        if (event instanceof VisitEvent visitEvent) {
            readModel.apply(visitEvent);
        }
    }
}
