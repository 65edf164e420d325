package org.carecircle.provider.messaging;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.provider.offers.OfferInbox;
import org.carecircle.provider.offers.OfferStatus;
import org.carecircle.provider.schedule.StationSchedule;
import org.carecircle.provider.visits.AssignedVisits;
import org.carecircle.provider.visits.VisitStage;
import org.carecircle.views.RebuildableView;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Thin: hands each room its part of dispatch's decisions and of new orders — offers to the {@link OfferInbox}, the
 * assigned visit (and the provider's list of visits) to {@link AssignedVisits}, its due time to
 * {@link StationSchedule}. After a Redis loss the same rooms are rebuilt from the same topics plus
 * {@code offer-responses} (the providers' answers) and {@code visit-progress} (how far each provider got), as view
 * {@code provider-visits} (after the registry).
 */
@Component
@Order(3)
class DispatchDecisionsListener implements RebuildableView {
    private static final String OFFERS = "provider-offers";
    private static final String DETAILS = "provider-visit-details";
    private final OfferInbox inbox;
    private final AssignedVisits visits;
    private final StationSchedule schedule;
    private final Topics topics;

    DispatchDecisionsListener(OfferInbox inbox, AssignedVisits visits, StationSchedule schedule, Topics topics) {
        this.inbox = inbox;
        this.visits = visits;
        this.schedule = schedule;
        this.topics = topics;
    }

    @KafkaListener(id = OFFERS, topics = "#{@topics.visitDispatch}")
    void on(CareEvent event) {
        switch (event) {
            case VisitOffered offered -> inbox.received(offered);
            case VisitAssigned assigned when inbox.takenBack(assigned.offerId()) -> { } // late: withdrawn since
            case VisitAssigned assigned -> {
                VisitOffered offer = inbox.assigned(assigned.offerId());
                if (offer != null) {
                    visits.addToProviderList(offer.providerId(), assigned.orderId(), assigned.occurredAt());
                    schedule.assigned(offer, assigned.occurredAt());
                }
                visits.assigned(assigned.orderId(), assigned.providerId(), assigned.occurredAt());
            }
            case OfferWithdrawn withdrawn -> {
                VisitOffered offer = inbox.withdrawn(withdrawn.offerId());
                if (offer != null) {
                    visits.removeFromProviderList(offer.providerId(), offer.orderId());
                }
                visits.withdrawn(withdrawn.orderId(), withdrawn.providerId());
            }
            default -> { }
        }
    }

    /** Keeps the sealed details of new orders, to reveal them to the provider who gets the visit. */
    @KafkaListener(id = DETAILS, topics = "#{@topics.visitOrders}")
    void onOrder(CareEvent event) {
        if (event instanceof VisitRequested requested) {
            visits.ordered(requested);
        }
    }

    @Override
    public String name() {
        return "provider-visits";
    }

    @Override
    public List<String> keyspaces() {
        return List.of("provider");
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getVisitOrders(), topics.getVisitDispatch(), topics.getOfferResponses(),
                topics.getVisitProgress());
    }

    @Override
    public List<String> liveListeners() {
        return List.of(OFFERS, DETAILS);
    }

    @Override
    public void beginReplay() {
        inbox.quiet(true);
    }

    /** As live, plus each provider's own steps (this service wrote them; the log keeps them). */
    @Override
    public void replay(CareEvent event) {
        switch (event) {
            case VisitRequested requested -> visits.ordered(requested);
            case OfferAccepted e -> inbox.answered(e.offerId(), OfferStatus.ACCEPTING);
            case OfferDeclined e -> inbox.answered(e.offerId(), OfferStatus.DECLINED);
            case VisitEnRoute e -> visits.progressed(e.orderId(), e.providerId(), VisitStage.EN_ROUTE, e.occurredAt(), 0);
            case VisitCheckedIn e -> visits.progressed(e.orderId(), e.providerId(), VisitStage.CHECKED_IN,
                    e.occurredAt(), e.distanceMeters());
            case VisitCompleted e -> visits.progressed(e.orderId(), e.providerId(), VisitStage.COMPLETED, e.occurredAt(), 0);
            case VisitNotDone e -> visits.progressed(e.orderId(), e.providerId(), VisitStage.NOT_DONE, e.occurredAt(), 0);
            default -> on(event);
        }
    }

    @Override
    public void endReplay(boolean complete) {
        inbox.quiet(false);
    }
}
