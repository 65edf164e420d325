package org.carecircle.intake.order.domain;

import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;

/**
 * An order's status as its orderer sees it, derived from the events of its life. Events reach intake from
 * several topics, so they may arrive in any order: a cancelled order stays cancelled, an assigned one only
 * leaves that status by cancellation, and nothing moves an order back to "requested".
 */
public enum OrderStatus {
    REQUESTED, WAITING, OFFERED, ASSIGNED, CANCELLED;

    /** The status after {@code event}, starting from {@code current} ({@code null}: nothing seen yet). */
    public static OrderStatus after(OrderStatus current, VisitEvent event) {
        if (current == CANCELLED) {
            return CANCELLED;
        }
        return switch (event) {
            case VisitRequested ignored -> current == null ? REQUESTED : current;
            case VisitCancelled ignored -> CANCELLED;
            case VisitAssigned ignored -> ASSIGNED;
            case VisitOffered ignored -> current == ASSIGNED ? ASSIGNED : OFFERED;
            case VisitQueued ignored -> current == ASSIGNED ? ASSIGNED : WAITING;
            case OfferAccepted ignored -> current == null ? REQUESTED : current;
            case OfferDeclined ignored -> current == null ? REQUESTED : current;
            case OfferWithdrawn ignored -> current == null ? REQUESTED : current;
        };
    }

    public boolean cancellable() {
        return this != CANCELLED;
    }
}
