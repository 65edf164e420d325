package org.carecircle.provider.messaging;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.provider.offers.OfferInbox;
import org.carecircle.provider.schedule.StationSchedule;
import org.carecircle.provider.visits.AssignedVisits;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Thin: hands each room its part of dispatch's decisions and of new orders — offers to the {@link OfferInbox}, the
 * assigned visit (and the provider's list of visits) to {@link AssignedVisits}, its due time to
 * {@link StationSchedule}.
 */
@Component
class DispatchDecisionsListener {
    private final OfferInbox inbox;
    private final AssignedVisits visits;
    private final StationSchedule schedule;

    DispatchDecisionsListener(OfferInbox inbox, AssignedVisits visits, StationSchedule schedule) {
        this.inbox = inbox;
        this.visits = visits;
        this.schedule = schedule;
    }

    @KafkaListener(id = "provider-offers", topics = "#{@topics.visitDispatch}")
    void on(CareEvent event) {
        switch (event) {
            case VisitOffered offered -> inbox.received(offered);
            case VisitAssigned assigned when inbox.takenBack(assigned.offerId()) -> { } // late: withdrawn since
            case VisitAssigned assigned -> {
                VisitOffered offer = inbox.assigned(assigned.offerId());
                if (offer != null) {
                    visits.addToProviderList(offer.providerId(), assigned.orderId());
                    schedule.assigned(offer, assigned.occurredAt());
                }
                visits.assigned(assigned.orderId(), assigned.providerId());
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
    @KafkaListener(id = "provider-visit-details", topics = "#{@topics.visitOrders}")
    void onOrder(CareEvent event) {
        if (event instanceof VisitRequested requested) {
            visits.ordered(requested);
        }
    }
}
