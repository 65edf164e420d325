package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitSlaBreached;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events a visit's transitions cause, each with a new id; only {@link Visit} makes them. */
final class VisitEvents {
    private VisitEvents() {
    }

    static VisitOffered offered(Visit v, String offerId, Candidate c, int attempt, OfferExplanation why, String mode,
                                Instant now) {
        return new VisitOffered(newId(), VisitOffered.SCHEMA_VERSION, now, v.orderId(), v.areaKey(), offerId,
                c.providerId(), c.organizationId(), v.serviceCode(), v.priority(), c.travelMode(), c.distanceMeters(),
                c.etaMinutes(), attempt, v.window(), v.isEmergency(), why, mode);
    }

    static VisitAssigned assigned(Visit v, Offer o, List<String> team, Instant now) {
        Candidate c = o.candidate();
        return new VisitAssigned(newId(), VisitAssigned.SCHEMA_VERSION, now, v.orderId(), v.areaKey(), o.offerId(),
                c.providerId(), c.organizationId(), c.distanceMeters(), c.etaMinutes(), team);
    }

    static OfferWithdrawn withdrawn(Visit v, Offer offer, String reason, Instant now) {
        return new OfferWithdrawn(newId(), OfferWithdrawn.SCHEMA_VERSION, now, v.orderId(), v.areaKey(), offer.offerId(),
                offer.providerId(), reason);
    }

    static VisitQueued queued(Visit v, String reason, Instant now) {
        return new VisitQueued(newId(), VisitQueued.SCHEMA_VERSION, now, v.orderId(), v.areaKey(), reason);
    }

    static VisitEscalated escalated(Visit v, String reason, String detail, String providerId, Instant now) {
        return new VisitEscalated(newId(), VisitEscalated.SCHEMA_VERSION, now, v.orderId(), v.areaKey(), reason, detail,
                Duration.between(v.dispatchFrom(), now).toSeconds(), providerId);
    }

    static VisitSlaBreached slaBreached(Visit v, Duration target, Instant now) {
        return new VisitSlaBreached(newId(), VisitSlaBreached.SCHEMA_VERSION, now, v.orderId(), v.areaKey(),
                v.priority(), target.toSeconds(), Duration.between(v.dispatchFrom(), now).toSeconds());
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
