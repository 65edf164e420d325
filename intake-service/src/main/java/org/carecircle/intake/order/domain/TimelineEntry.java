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
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;

import java.time.Instant;

/** One line of an order's timeline: when, which event, and a summary without personal data. */
public record TimelineEntry(String eventId, Instant at, String type, String summary) {

    public static TimelineEntry of(VisitEvent event) {
        String summary = switch (event) {
            case VisitRequested e -> "ordered " + e.serviceCode() + " (" + e.priority() + ") by " + e.requester().organizationId();
            case VisitCancelled e -> "cancelled: " + e.reason();
            case VisitQueued e -> "waiting: " + e.reason();
            case VisitOffered e -> "offered to provider " + e.providerId() + " of " + e.organizationId()
                    + " (" + e.travelMode() + ", " + e.distanceMeters() + " m, ETA " + e.etaMinutes() + " min, attempt "
                    + e.attempt() + ")";
            case OfferAccepted e -> "provider " + e.providerId() + " accepted";
            case OfferDeclined e -> "provider " + e.providerId() + " declined: " + e.reason();
            case OfferWithdrawn e -> "offer to provider " + e.providerId() + " withdrawn: " + e.reason();
            case VisitAssigned e -> "assigned to provider " + e.providerId() + " of " + e.organizationId()
                    + " (ETA " + e.etaMinutes() + " min)";
            case VisitEnRoute e -> "provider " + e.providerId() + " on the way";
            case VisitCheckedIn e -> "provider " + e.providerId() + " checked in " + e.distanceMeters() + " m from the home";
            case VisitCompleted e -> "completed by provider " + e.providerId() + " (" + e.record().itemsDone().size()
                    + " items)";
            case VisitNotDone e -> "not done: " + e.reason();
            case VisitEscalated e -> "escalated to the district's supervisors: " + e.reason() + " (" + e.detail() + ")";
            case VisitSlaBreached e -> "not assigned within the " + e.priority() + " target of "
                    + e.targetSeconds() / 60 + " min";
        };
        return new TimelineEntry(event.eventId(), event.occurredAt(), event.type(), summary);
    }
}
