package org.carecircle.intake.order.domain;

import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;

/**
 * An order's status as its orderer sees it, derived from the events of its life. Events reach intake from
 * several topics, so they may arrive in any order: the status only moves forward through the stages (an offer
 * event arriving after the assignment changes nothing), and COMPLETED, NOT_DONE and CANCELLED are final.
 */
public enum OrderStatus {
    REQUESTED(0), WAITING(1), OFFERED(1), ASSIGNED(2), EN_ROUTE(3), IN_PROGRESS(4),
    COMPLETED(5), NOT_DONE(5), CANCELLED(5);

    private final int stage;

    OrderStatus(int stage) {
        this.stage = stage;
    }

    /** The status after {@code event}, starting from {@code current} ({@code null}: nothing seen yet). */
    public static OrderStatus after(OrderStatus current, VisitEvent event) {
        OrderStatus proposed = switch (event) {
            case VisitRequested ignored -> REQUESTED;
            case VisitQueued ignored -> WAITING;
            case VisitOffered ignored -> OFFERED;
            case VisitAssigned ignored -> ASSIGNED;
            case VisitEnRoute ignored -> EN_ROUTE;
            case VisitCheckedIn ignored -> IN_PROGRESS;
            case VisitCompleted ignored -> COMPLETED;
            case VisitNotDone ignored -> NOT_DONE;
            case VisitCancelled ignored -> CANCELLED;
            case OfferAccepted ignored -> null;
            case OfferDeclined ignored -> null;
            case OfferWithdrawn ignored -> null;
            case VisitEscalated ignored -> null;
            case VisitSlaBreached ignored -> null;
        };
        if (current == null) {
            return proposed == null ? REQUESTED : proposed;
        }
        if (proposed == null || current.isFinal()) {
            return current;
        }
        if (proposed == CANCELLED) {
            return CANCELLED;
        }
        // waiting and offered alternate (re-offers); otherwise only forward
        return proposed.stage > current.stage || (proposed.stage == current.stage && proposed.stage == 1)
                ? proposed : current;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == NOT_DONE || this == CANCELLED;
    }

    public boolean cancellable() {
        return !isFinal();
    }
}
