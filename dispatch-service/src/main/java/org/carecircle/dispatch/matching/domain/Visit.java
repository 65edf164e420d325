package org.carecircle.dispatch.matching.domain;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.TimeWindow;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.events.VisitSlaBreached;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A visit's life in dispatch, whole in one place:
 * <pre>
 *   REQUESTED ──offer──▶ OFFERED ──accept──▶ ASSIGNED
 *      │  ▲                │  │
 *      │  └──decline/lapse─┘  │
 *      └─noCandidate─▶ WAITING ──offer──▶ OFFERED
 *   ASSIGNED ──visit ended (completed / not done)──▶ DONE
 *   any state except DONE and CANCELLED ──cancel──▶ CANCELLED
 * </pre>
 * Each transition returns the visit after it and the events it causes; an illegal one throws
 * {@link IllegalTransition}. A provider who declined or let an offer lapse is never offered this visit again.
 *
 * @param district  the district whose supervisors oversee the visit
 * @param lastInput id of the last input event applied (a re-delivery of it is recognised as a duplicate)
 * @param escalated  supervisors were told nobody could be found
 * @param slaBreached the assignment target of its priority was missed (announced once)
 */
public record Visit(String orderId, String areaKey, String district, String serviceCode, String priority, GeoPoint home,
                    TimeWindow window, String patientRef, PatientPreferences preferences, Instant requestedAt,
                    VisitStatus status, Offer offer, Set<String> excludedProviders, int attempts, String lastInput,
                    boolean escalated, boolean slaBreached) {

    public Visit {
        excludedProviders = Set.copyOf(excludedProviders);
        preferences = preferences == null ? PatientPreferences.none() : preferences;
    }

    public static Visit requested(VisitRequested event) {
        return new Visit(event.orderId(), event.areaKey(), event.requester().district(), event.serviceCode(),
                event.priority(), event.home(), event.window(), event.patientRef(), event.preferences(),
                event.occurredAt(), VisitStatus.REQUESTED, null, Set.of(), 0, event.eventId(), false, false);
    }

    public boolean awaitsProvider() {
        return status == VisitStatus.REQUESTED || status == VisitStatus.WAITING;
    }

    /** A reserved candidate gets the offer, with the explanation of why them; an emergency also says: call 120. */
    public Transition offer(Candidate candidate, String offerId, Instant now, Instant expiresAt, String input,
                            OfferExplanation explanation) {
        require(awaitsProvider(), "offer");
        Offer offer = new Offer(offerId, candidate, now, expiresAt);
        Visit next = with(VisitStatus.OFFERED, offer, excludedProviders, attempts + 1, input);
        return new Transition(next, List.of(new VisitOffered(newId(), VisitOffered.SCHEMA_VERSION, now, orderId,
                areaKey, offerId, candidate.providerId(), candidate.organizationId(), serviceCode, priority,
                candidate.travelMode(), candidate.distanceMeters(), candidate.etaMinutes(), next.attempts, window,
                isEmergency(), explanation)));
    }

    public boolean isEmergency() {
        return "EMERGENCY".equals(priority);
    }

    /** Nobody can take it now: it waits (announced once, when it starts waiting). */
    public Transition noCandidate(String reason, Instant now, String input) {
        require(awaitsProvider(), "wait");
        if (status == VisitStatus.WAITING) {
            return new Transition(this, List.of());
        }
        return new Transition(with(VisitStatus.WAITING, null, excludedProviders, attempts, input),
                List.of(new VisitQueued(newId(), VisitQueued.SCHEMA_VERSION, now, orderId, areaKey, reason)));
    }

    /** The offered provider accepted in time: the visit is theirs. */
    public Transition accept(String offerId, Instant now, String input) {
        requireCurrentOffer(offerId, "accept");
        Candidate c = offer.candidate();
        return new Transition(with(VisitStatus.ASSIGNED, offer, excludedProviders, attempts, input),
                List.of(new VisitAssigned(newId(), VisitAssigned.SCHEMA_VERSION, now, orderId, areaKey, offerId,
                        c.providerId(), c.organizationId(), c.distanceMeters(), c.etaMinutes())));
    }

    /** The offered provider declined: they are excluded and the visit looks for someone else. */
    public Transition decline(String offerId, String input) {
        requireCurrentOffer(offerId, "decline");
        return new Transition(with(VisitStatus.REQUESTED, null, excluding(offer.providerId()), attempts, input), List.of());
    }

    /** The offer was not answered in time: it is withdrawn, the provider excluded, and someone else is sought. */
    public Transition lapse(String offerId, Instant now, String input) {
        requireCurrentOffer(offerId, "lapse");
        return new Transition(with(VisitStatus.REQUESTED, null, excluding(offer.providerId()), attempts, input),
                List.of(withdrawn("offer expired unanswered", now)));
    }

    /** Nobody could be found even with the widest circle: the district's supervisors must step in (said once). */
    public Transition escalate(String reason, String detail, Instant now, String input) {
        require(awaitsProvider() && !escalated, "escalate");
        Visit next = new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, preferences,
                requestedAt, status, offer, excludedProviders, attempts, input, true, slaBreached);
        return new Transition(next, List.of(new VisitEscalated(newId(), VisitEscalated.SCHEMA_VERSION, now, orderId,
                areaKey, reason, detail, java.time.Duration.between(requestedAt, now).toSeconds())));
    }

    /** Not assigned within the priority's target: the breach is announced once. */
    public Transition breachSla(java.time.Duration target, Instant now, String input) {
        require(!slaBreached && (awaitsProvider() || status == VisitStatus.OFFERED), "breach the SLA of");
        Visit next = new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, preferences,
                requestedAt, status, offer, excludedProviders, attempts, input, escalated, true);
        return new Transition(next, List.of(new VisitSlaBreached(newId(), VisitSlaBreached.SCHEMA_VERSION, now, orderId,
                areaKey, priority, target.toSeconds(), java.time.Duration.between(requestedAt, now).toSeconds())));
    }

    /** The assigned provider ended the visit at the home (done, or not possible); their reservation turns into rest. */
    public Transition end(String providerId, String input) {
        require(status == VisitStatus.ASSIGNED && offer.providerId().equals(providerId), "end by " + providerId);
        return new Transition(with(VisitStatus.DONE, offer, excludedProviders, attempts, input), List.of());
    }

    /** Still subject to the assignment SLA clock (not yet assigned, ended or cancelled, not yet breached). */
    public boolean slaRunning() {
        return !slaBreached && (awaitsProvider() || status == VisitStatus.OFFERED);
    }

    /** The orderer cancelled: an open offer or an assignment is withdrawn. */
    public Transition cancel(Instant now, String input) {
        require(status != VisitStatus.CANCELLED && status != VisitStatus.DONE, "cancel");
        List<VisitEvent> events = offer == null ? List.of()
                : List.of(withdrawn("order cancelled", now));
        return new Transition(with(VisitStatus.CANCELLED, offer, excludedProviders, attempts, input), events);
    }

    /** The value of a provider's hold while an offer is open (see {@code LiveKeys.hold}). */
    public static String offerHold(String offerId) {
        return "offer:" + offerId;
    }

    /** The value of a provider's hold while they travel on after a visit (the travel buffer). */
    public static String restHold(String orderId) {
        return "rest:" + orderId;
    }

    /** The value of a provider's hold once the visit is theirs. */
    public static String visitHold(String orderId) {
        return "visit:" + orderId;
    }

    private OfferWithdrawn withdrawn(String reason, Instant now) {
        return new OfferWithdrawn(newId(), OfferWithdrawn.SCHEMA_VERSION, now, orderId, areaKey, offer.offerId(),
                offer.providerId(), reason);
    }

    private Set<String> excluding(String providerId) {
        Set<String> excluded = new LinkedHashSet<>(excludedProviders);
        excluded.add(providerId);
        return excluded;
    }

    private void requireCurrentOffer(String offerId, String action) {
        require(status == VisitStatus.OFFERED && offer != null && offer.offerId().equals(offerId), action + " " + offerId);
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalTransition("cannot " + action + " visit " + orderId + " in status " + status
                    + (offer == null ? "" : " (current offer " + offer.offerId() + ")"));
        }
    }

    private Visit with(VisitStatus status, Offer offer, Set<String> excluded, int attempts, String input) {
        return new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, preferences,
                requestedAt, status, offer, excluded, attempts, input, escalated, slaBreached);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
