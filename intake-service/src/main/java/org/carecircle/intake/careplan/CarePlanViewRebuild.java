package org.carecircle.intake.careplan;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.CarePlanChanged;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.views.RebuildableView;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The care plans' view ({@link CarePlanStore}) rebuilt from the log: each series' latest state from the compacted
 * {@code care-plans} topic, and from {@code visit-orders} which order was placed last for each date of a series
 * and which of them the series cancelled itself — what keeps the scheduler from placing an occurrence twice.
 * No live listener: every instance applies its own changes in the request path to the one shared Redis.
 */
@Component
class CarePlanViewRebuild implements RebuildableView {
    private final CarePlanLog planLog;
    private final CarePlanStore store;
    private final CarePlanProperties properties;
    private final Topics topics;
    /** Order id → series id of the occurrences replayed so far (a cancellation follows its order on its partition). */
    private final Map<String, String> seriesOfOrder = new ConcurrentHashMap<>();

    CarePlanViewRebuild(CarePlanLog planLog, CarePlanStore store, CarePlanProperties properties, Topics topics) {
        this.planLog = planLog;
        this.store = store;
        this.properties = properties;
        this.topics = topics;
    }

    @Override
    public String name() {
        return CarePlanStore.VIEW;
    }

    @Override
    public List<String> keyspaces() {
        return List.of("intake");
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getCarePlans(), topics.getVisitOrders());
    }

    @Override
    public List<String> liveListeners() {
        return List.of();
    }

    @Override
    public void beginReplay() {
        seriesOfOrder.clear();
    }

    @Override
    public void replay(CareEvent event) {
        switch (event) {
            case CarePlanChanged changed -> planLog.apply(changed);
            case VisitRequested requested when requested.seriesId() != null && requested.window() != null
                    && requested.window().earliestStart() != null -> {
                seriesOfOrder.put(requested.orderId(), requested.seriesId());
                store.placed(requested.seriesId(),
                        requested.window().earliestStart().atZone(properties.zone()).toLocalDate(), requested.orderId());
            }
            case VisitCancelled cancelled -> {
                String seriesId = seriesOfOrder.get(cancelled.orderId());
                if (seriesId != null && SeriesScheduler.cancelledBySeries(seriesId, cancelled.reason())) {
                    store.cancelledBySeries(seriesId, cancelled.orderId());
                }
            }
            default -> { }
        }
    }

    @Override
    public void endReplay(boolean complete) {
        seriesOfOrder.clear();
    }
}
