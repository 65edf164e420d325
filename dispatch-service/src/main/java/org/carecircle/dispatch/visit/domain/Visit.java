package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.TimeWindow;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A visit's life in dispatch, whole in one place:
 * <pre>
 *   REQUESTED ──offer──▶ OFFERED ──accept (all seats taken)──▶ ASSIGNED ──every provider ended──▶ DONE
 *      │  ▲                │  │
 *      │  └──decline/lapse─┘  │ (a seat open again)
 *      └─noCandidate─▶ WAITING ──offer──▶ OFFERED
 *   any state except DONE and CANCELLED ──cancel──▶ CANCELLED
 * </pre>
 * A visit needs {@code seats} providers: one, or two for a two-person service (a pair, assigned once both accepted).
 * Offers out: one per open seat, or — for a one-person visit offered in parallel — several, of which the first to
 * accept wins and the others are withdrawn at once. Each transition returns the visit after it and the events it
 * causes; an illegal one throws {@link IllegalTransition}. A provider who declined or let an offer lapse is never
 * offered this visit again.
 *
 * @param district             the district whose supervisors oversee the visit
 * @param signedTeam           the organization of the patient's signed family-doctor team (the ordering health
 *                             center), if known — continuity of care prefers its providers
 * @param firstVisitAssessedOn the first-visit assessment the orderer has on record, if any
 * @param dispatchFrom         when matching may start: at once, or for a visit with a time window its lead time
 *                             before the window (the SLA and escalation clocks run from then)
 * @param seats                providers needed (1, or 2 for a pair)
 * @param offers               offers out and not yet answered
 * @param team                 accepted offers (the providers confirmed for the visit)
 * @param ended                providers of the team who ended the visit at the home
 * @param checkedIn            providers of the team who checked in at the door (the visit has started for them)
 * @param departed             providers of the team who left (shift ended, break, silent) before checking in, with
 *                             when the visit is dispatched anew without them unless they check in first
 * @param lastInput            id of the last input event applied (a re-delivery of it is recognised as a duplicate)
 * @param escalated            supervisors were told nobody could be found
 * @param slaBreached          the assignment target of its priority was missed (announced once)
 */
public record Visit(String orderId, String areaKey, String district, String serviceCode, String priority, GeoPoint home,
                    TimeWindow window, String patientRef, String signedTeam, PatientPreferences preferences,
                    LocalDate firstVisitAssessedOn, Instant requestedAt, Instant dispatchFrom, VisitStatus status,
                    int seats, List<Offer> offers, List<Offer> team,
                    Set<String> ended, Set<String> checkedIn, Map<String, Instant> departed,
                    Set<String> excludedProviders, int attempts, String lastInput,
                    boolean escalated, boolean slaBreached) {

    public Visit {
        offers = offers == null ? List.of() : List.copyOf(offers);
        team = team == null ? List.of() : List.copyOf(team);
        ended = ended == null ? Set.of() : Set.copyOf(ended);
        checkedIn = checkedIn == null ? Set.of() : Set.copyOf(checkedIn);
        departed = departed == null ? Map.of() : Map.copyOf(departed);
        excludedProviders = Set.copyOf(excludedProviders);
        preferences = preferences == null ? PatientPreferences.none() : preferences;
        seats = Math.max(1, seats);
    }

    /** A new visit needing {@code seats} providers, matched from {@code dispatchFrom} on. */
    public static Visit requested(VisitRequested event, int seats, Instant dispatchFrom) {
        String signedTeam = "COMMUNITY_HEALTH_CENTER".equals(event.requester().kind())
                ? event.requester().organizationId() : null;
        return new Visit(event.orderId(), event.areaKey(), event.requester().district(), event.serviceCode(),
                event.priority(), event.home(), event.window(), event.patientRef(), signedTeam, event.preferences(),
                event.firstVisitAssessedOn(), event.occurredAt(), dispatchFrom.isAfter(event.occurredAt())
                ? dispatchFrom : event.occurredAt(), VisitStatus.REQUESTED, seats, List.of(), List.of(), Set.of(),
                Set.of(), Map.of(), Set.of(), 0, event.eventId(), false, false);
    }

    /** Seats no accepted provider and no open offer covers yet. */
    public int openSeats() {
        int unfilled = seats - team.size();
        return unfilled - Math.min(offers.size(), unfilled);
    }

    /** Still looking for (some of) its providers. */
    public boolean awaitsProvider() {
        return !isFinal() && status != VisitStatus.ASSIGNED && openSeats() > 0;
    }

    /**
     * How many offers to make now: one per open seat, or {@code parallel} for a one-person visit that has nobody
     * yet (several offers at once, the first to accept wins).
     */
    public int offersToMake(int parallel) {
        return !awaitsProvider() ? 0 : seats == 1 && offers.isEmpty() && team.isEmpty() ? Math.max(1, parallel) : openSeats();
    }

    /** A pair is offered as a pair: the first offers go out only when both providers are reserved. */
    public int fewestToOffer() {
        return team.isEmpty() && offers.isEmpty() ? openSeats() : 1;
    }

    /** Reserved candidates get the offers, each with the explanation of why them; an emergency also says: call 120. */
    public Transition offer(List<Proposal> proposals, Instant now, Instant expiresAt, String input, int parallel) {
        require(awaitsProvider() && !proposals.isEmpty() && proposals.size() <= offersToMake(parallel)
                && proposals.size() >= fewestToOffer(), "make " + proposals.size() + " offers for");
        String mode = seats > 1 ? VisitOffered.PAIR : proposals.size() > 1 ? VisitOffered.PARALLEL : VisitOffered.ONE_AT_A_TIME;
        List<Offer> out = new ArrayList<>(offers);
        List<VisitEvent> events = new ArrayList<>();
        int attempt = attempts + 1;
        for (Proposal p : proposals) {
            Candidate c = p.candidate();
            out.add(new Offer(p.offerId(), c, now, expiresAt));
            events.add(VisitEvents.offered(this, p.offerId(), c, attempt, p.explanation(), mode, now));
        }
        Visit next = with(VisitStatus.OFFERED, out, team, ended, excludedProviders, attempt, input);
        return new Transition(next.withStatus(next.openSeats() > 0 ? VisitStatus.REQUESTED : VisitStatus.OFFERED), events);
    }

    /** Has a time window: matched at its lead time, and books its provider for the window, not "now". */
    public boolean planned() {
        return window != null && window.earliestStart() != null;
    }

    public boolean isEmergency() {
        return Priority.valueOf(priority) == Priority.EMERGENCY;
    }

    /** Nobody can take it now: it waits (announced once, when it starts waiting). */
    public Transition noCandidate(String reason, Instant now, String input) {
        require(awaitsProvider(), "wait");
        if (status == VisitStatus.WAITING) {
            return new Transition(this, List.of());
        }
        return new Transition(with(VisitStatus.WAITING, offers, team, ended, excludedProviders, attempts, input),
                List.of(VisitEvents.queued(this, reason, now)));
    }

    /** The open offer {@code offerId}, if it is still open. */
    public Optional<Offer> openOffer(String offerId) {
        return offers.stream().filter(o -> o.offerId().equals(offerId)).findFirst();
    }

    /**
     * An offered provider accepted in time: they join the team. Once every seat is taken the visit is assigned
     * (one event per provider, naming the team) and any other open offer is withdrawn at once.
     */
    public Transition accept(String offerId, Instant now, String input) {
        Offer accepted = requireOpenOffer(offerId, "accept");
        List<Offer> joined = new ArrayList<>(team);
        joined.add(accepted);
        List<Offer> stillOut = offers.stream().filter(o -> !o.offerId().equals(accepted.offerId())).toList();
        if (joined.size() < seats) {
            Visit next = with(status, stillOut, joined, ended, excludedProviders, attempts, input);
            return new Transition(next.withStatus(stillOut.isEmpty() ? VisitStatus.REQUESTED : next.status()), List.of());
        }
        List<String> teamIds = joined.stream().map(Offer::providerId).toList();
        List<VisitEvent> events = new ArrayList<>();
        joined.forEach(o -> events.add(VisitEvents.assigned(this, o, teamIds, now)));
        stillOut.forEach(o -> events.add(VisitEvents.withdrawn(this, o, "another provider accepted first", now)));
        return new Transition(with(VisitStatus.ASSIGNED, List.of(), joined, ended, excludedProviders, attempts, input), events);
    }

    /** An offered provider declined: they are excluded; the seat is sought again unless another offer covers it. */
    public Transition decline(String offerId, String input) {
        return new Transition(without(requireOpenOffer(offerId, "decline"), input), List.of());
    }

    /** An offer was not answered in time: it is withdrawn, the provider excluded, and the seat sought again. */
    public Transition lapse(String offerId, Instant now, String input) {
        return withdraw(List.of(requireOpenOffer(offerId, "lapse")), "offer expired unanswered", now, input);
    }

    /** Every offer whose time ran out lapses in one step. */
    public Transition lapseExpired(Instant now, String input) {
        List<Offer> expired = offers.stream().filter(o -> !o.expiresAt().isAfter(now)).toList();
        require(!expired.isEmpty() && !isFinal() && status != VisitStatus.ASSIGNED, "lapse offers of");
        return withdraw(expired, "offer expired unanswered", now, input);
    }

    Transition withdraw(List<Offer> withdrawn, String reason, Instant now, String input) {
        Visit next = this;
        List<VisitEvent> events = new ArrayList<>();
        for (Offer o : withdrawn) {
            next = next.without(o, input);
            events.add(VisitEvents.withdrawn(this, o, reason, now));
        }
        return new Transition(next, events);
    }

    /**
     * A district supervisor assigns the visit by hand to {@code candidate} (already reserved): any open offer and
     * any earlier assignment is withdrawn, and the visit is offered and assigned to them at once. One-person visits.
     */
    public Transition assignBySupervisor(Candidate candidate, String offerId, Instant now, String input,
                                         OfferExplanation explanation) {
        require(!isFinal() && seats == 1 && team.stream().noneMatch(o -> o.providerId().equals(candidate.providerId())),
                "assign " + candidate.providerId() + " by hand to");
        List<VisitEvent> events = new ArrayList<>();
        offers.forEach(o -> events.add(VisitEvents.withdrawn(this, o, "assigned by a supervisor to another provider", now)));
        team.forEach(o -> events.add(VisitEvents.withdrawn(this, o, "reassigned by a supervisor", now)));
        Offer chosen = new Offer(offerId, candidate, now, now);
        int attempt = attempts + 1;
        events.add(VisitEvents.offered(this, offerId, candidate, attempt, explanation, VisitOffered.SUPERVISOR, now));
        events.add(VisitEvents.assigned(this, chosen, List.of(candidate.providerId()), now));
        return new Transition(with(VisitStatus.ASSIGNED, List.of(), List.of(chosen), Set.of(), excludedProviders,
                attempt, input).attending(VisitStatus.ASSIGNED, List.of(chosen), Set.of(), Set.of(), Map.of(),
                excludedProviders, input), events);
    }

    /** Nobody could be found even with the widest circle: the district's supervisors must step in (said once). */
    public Transition escalate(String reason, String detail, Instant now, String input) {
        require(awaitsProvider() && !escalated, "escalate");
        return new Transition(flagged(true, slaBreached, input), List.of(VisitEvents.escalated(this, reason, detail, null, now)));
    }

    /** Not assigned within the priority's target: the breach is announced once. */
    public Transition breachSla(Duration target, Instant now, String input) {
        require(slaRunning(), "breach the SLA of");
        return new Transition(flagged(escalated, true, input), List.of(VisitEvents.slaBreached(this, target, now)));
    }

    /** Still subject to the assignment SLA clock (not yet assigned, ended or cancelled, not yet breached). */
    public boolean slaRunning() {
        return !slaBreached && !isFinal() && status != VisitStatus.ASSIGNED;
    }

    /** The orderer cancelled: every open offer and every assignment is withdrawn. */
    public Transition cancel(Instant now, String input) {
        require(!isFinal(), "cancel");
        List<VisitEvent> events = new ArrayList<>();
        offers.forEach(o -> events.add(VisitEvents.withdrawn(this, o, "order cancelled", now)));
        team.stream().filter(o -> !ended.contains(o.providerId()))
                .forEach(o -> events.add(VisitEvents.withdrawn(this, o, "order cancelled", now)));
        return new Transition(with(VisitStatus.CANCELLED, offers, team, ended, excludedProviders, attempts, input), events);
    }

    public boolean isFinal() {
        return status == VisitStatus.CANCELLED || status == VisitStatus.DONE;
    }

    private Visit without(Offer answered, String input) {
        List<Offer> stillOut = offers.stream().filter(o -> !o.offerId().equals(answered.offerId())).toList();
        Set<String> excluded = new LinkedHashSet<>(excludedProviders);
        excluded.add(answered.providerId());
        Visit next = with(status, stillOut, team, ended, excluded, attempts, input);
        return next.withStatus(next.openSeats() > 0 ? VisitStatus.REQUESTED : VisitStatus.OFFERED);
    }

    private Offer requireOpenOffer(String offerId, String action) {
        Optional<Offer> open = isFinal() || status == VisitStatus.ASSIGNED ? Optional.empty() : openOffer(offerId);
        require(open.isPresent(), action + " " + offerId + " (not an open offer) of");
        return open.get();
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new IllegalTransition("cannot " + action + " visit " + orderId + " in status " + status
                    + " (open offers " + offers.stream().map(Offer::offerId).toList() + ")");
        }
    }

    private Visit withStatus(VisitStatus next) {
        return next == status ? this : with(next, offers, team, ended, excludedProviders, attempts, lastInput);
    }

    Visit with(VisitStatus status, List<Offer> offers, List<Offer> team, Set<String> ended,
               Set<String> excluded, int attempts, String input) {
        return new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, signedTeam, preferences,
                firstVisitAssessedOn, requestedAt, dispatchFrom, status, seats, offers, team, ended, checkedIn, departed,
                excluded, attempts, input, escalated, slaBreached);
    }

    /** The same visit with its team's attendance changed ({@link Attendance}). */
    Visit attending(VisitStatus status, List<Offer> team, Set<String> ended, Set<String> checkedIn,
                    Map<String, Instant> departed, Set<String> excluded, String input) {
        return new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, signedTeam, preferences,
                firstVisitAssessedOn, requestedAt, dispatchFrom, status, seats, offers, team, ended, checkedIn, departed,
                excluded, attempts, input, escalated, slaBreached);
    }

    Visit flagged(boolean escalated, boolean slaBreached, String input) {
        return new Visit(orderId, areaKey, district, serviceCode, priority, home, window, patientRef, signedTeam, preferences,
                firstVisitAssessedOn, requestedAt, dispatchFrom, status, seats, offers, team, ended, checkedIn, departed,
                excludedProviders, attempts, input, escalated, slaBreached);
    }
}
