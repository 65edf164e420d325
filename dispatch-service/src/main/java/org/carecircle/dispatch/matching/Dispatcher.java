package org.carecircle.dispatch.matching;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.AuditRecorded;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.PoisonEventException;
import org.carecircle.dispatch.matching.domain.Candidate;
import org.carecircle.dispatch.matching.domain.CandidateFacts;
import org.carecircle.dispatch.matching.domain.Decision;
import org.carecircle.dispatch.matching.domain.Matching;
import org.carecircle.dispatch.matching.domain.IllegalTransition;
import org.carecircle.dispatch.matching.domain.JointAssignment;
import org.carecircle.dispatch.matching.domain.Offer;
import org.carecircle.dispatch.matching.domain.Reservations;
import org.carecircle.dispatch.matching.domain.Reservations.Busy;
import org.carecircle.dispatch.matching.domain.Transition;
import org.carecircle.dispatch.matching.domain.Visit;
import org.carecircle.dispatch.matching.domain.VisitRepository;
import org.carecircle.dispatch.matching.domain.VisitRepository.Stored;
import org.carecircle.dispatch.matching.domain.VisitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs each visit's state machine against Redis and Kafka. Every change is: load the visit, apply a domain
 * transition, save it at the version read (retrying on a concurrent change), then publish the transition's
 * events and wait for Kafka's acknowledgement. Provider reservations are separate atomic steps in Redis, taken
 * before an offer is saved and released when the save loses a race, so a provider never holds two at once.
 * A re-delivered input (same event id as the visit's last input) re-sends the stored events and does nothing else.
 */
@Service
public class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ATTEMPTS = 20;
    private static final int MAX_LISTED_EXCLUSIONS = 20;
    static final String NO_PROVIDER = "no qualified provider available inside the 15-minute circle";

    private final VisitRepository visits;
    private final Reservations reservations;
    private final ServiceCatalogue catalogue;
    private final EventPublisher publisher;
    private final DispatchProperties properties;
    private final Matching matching;
    private final CareHistory history;
    private final DecisionLog decisions;
    private final DispatchMetrics metrics;
    private final AreaPauses pauses;
    private final EscalationLog escalations;
    private final VisitTimeline timeline;
    private final Clock clock;
    /** When the latest retry round of this instance started (supply changes before it are covered by it). */
    private volatile Instant lastRoundStartedAt;

    Dispatcher(VisitRepository visits, Reservations reservations, ServiceCatalogue catalogue, EventPublisher publisher,
               DispatchProperties properties, CareHistory history, DecisionLog decisions, DispatchMetrics metrics,
               AreaPauses pauses, EscalationLog escalations, VisitTimeline timeline, Clock clock) {
        this.timeline = timeline;
        this.escalations = escalations;
        this.metrics = metrics;
        this.pauses = pauses;
        this.matching = new Matching(properties.matchingRules());
        this.history = history;
        this.decisions = decisions;
        this.visits = visits;
        this.reservations = reservations;
        this.catalogue = catalogue;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    public void onRequested(VisitRequested event) {
        ServiceDefinition service = catalogue.find(event.serviceCode()).orElseThrow(() -> new PoisonEventException(
                "unknown service code " + event.serviceCode() + " in order " + event.orderId()));
        Instant now = clock.instant();
        Instant releaseAt = event.window() == null || event.window().earliestStart() == null ? now
                : event.window().earliestStart().minus(properties.scheduling().leadTime(service.code()));
        Visit visit = Visit.requested(event, service.providers(), releaseAt);
        // a visit with a window waits for its lead time; a batched one for its area's next joint assignment; the
        // others are dispatched at once
        boolean planned = releaseAt.isAfter(now);
        boolean batched = planned || properties.batched(visit.priority(), visit.seats());
        Instant dueAt = planned ? releaseAt : now.plus(batched ? properties.batching().window() : properties.requestedGrace());
        if (!visits.create(visit, dueAt)) {
            // a re-delivery: if the first delivery stopped before dispatching, dispatch now
            if (!batched) {
                dispatchIfAwaiting(event.orderId());
            }
            return;
        }
        if (!batched) {
            dispatch(event.orderId());
        }
    }

    public void onAccepted(OfferAccepted event) {
        update(event.orderId(), event.eventId(), stored -> {
            Visit visit = stored.visit();
            Transition accepted = visit.accept(event.offerId(), clock.instant(), event.eventId());
            Offer offer = visit.openOffer(event.offerId()).orElseThrow();
            if (visit.planned()) {
                // booked for the window since the offer: the booking stands, and counts on the visit's date
                reservations.countAssignment(offer.providerId(), serviceDate(visit, clock.instant()));
                return accepted;
            }
            if (!reservations.confirm(offer.providerId(), Visit.offerHold(event.offerId()), Visit.visitHold(visit.orderId()),
                    serviceDate(clock.instant()))) {
                // the reservation lapsed meanwhile: the offer is no longer the provider's to accept
                return visit.lapse(event.offerId(), clock.instant(), event.eventId());
            }
            // the visit now takes the provider's time: no planned visit may be booked over it
            Busy busy = busy(visit, clock.instant());
            reservations.book(offer.providerId(), visit.orderId(), busy.start(),
                    busy.end().plusSeconds(offer.candidate().etaMinutes() * 60L));
            return accepted;
        }, (before, after) -> {
            releaseDropped(before.visit(), after.visit());
            Visit was = before.visit();
            metrics.answered("accepted", was.priority(), after.visit().team().size() - was.team().size());
            if (after.visit().status() == VisitStatus.ASSIGNED) {
                metrics.assigned(after.visit(), clock.instant());
            }
        });
        dispatchIfAwaiting(event.orderId());
    }

    public void onDeclined(OfferDeclined event) {
        update(event.orderId(), event.eventId(), stored -> stored.visit().decline(event.offerId(), event.eventId()),
                (before, after) -> {
                    releaseDropped(before.visit(), after.visit());
                    metrics.answered("declined", before.visit().priority(), 1);
                });
        dispatchIfAwaiting(event.orderId());
    }

    public void onCancelled(VisitCancelled event) {
        update(event.orderId(), event.eventId(), stored -> stored.visit().cancel(clock.instant(), event.eventId()),
                (before, after) -> releaseDropped(before.visit(), after.visit()));
    }

    /** A provider ended the visit at the home: their reservation becomes the travel buffer. */
    public void onEnded(String orderId, String providerId, String input, boolean served) {
        update(orderId, input, stored -> stored.visit().end(providerId, input), (before, after) -> {
            Visit visit = before.visit();
            if (!visit.planned()) {
                reservations.rest(providerId, Visit.visitHold(orderId), Visit.restHold(orderId));
            }
            reservations.unbook(providerId, orderId);
            if (served) {
                history.served(visit.patientRef(), providerId);
                if (visit.serviceCode().equals(properties.firstVisit().assessmentService())) {
                    history.assessedOn(visit.patientRef(), serviceDate(clock.instant()));
                }
            }
        });
    }

    /**
     * A district supervisor assigns (or reassigns) a one-person visit by hand to {@code providerId}. The choice
     * passes the same gates as dispatch's own; only an earlier decline can be overridden, and only with the
     * supervisor's reason. Open offers and an earlier assignment are withdrawn, their providers freed, and an audit
     * event names the supervisor and the reason.
     *
     * @throws IllegalTransition        the visit is done, cancelled, a pair, or already theirs
     * @throws ManualAssignmentRefused a gate refuses the provider
     */
    public Visit assignBySupervisor(String orderId, String providerId, String supervisor, String reason,
                                    boolean override) {
        String input = "supervisor-" + UUID.randomUUID();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Stored stored = visits.find(orderId).orElseThrow(() -> new IllegalTransition("no visit " + orderId));
            Visit visit = stored.visit();
            Instant now = clock.instant();
            LocalDate serviceDate = serviceDate(visit, now);
            ServiceDefinition service = catalogue.get(visit.serviceCode());
            Reservations.Live live = reservations.provider(providerId, visit.home(), serviceDate, from(visit))
                    .orElseThrow(() -> new ManualAssignmentRefused(providerId + (visit.planned()
                            ? " has no registered base" : " is not on duty with a known location")));
            if (live.qualifications().stream().noneMatch(service.qualifications()::contains)) {
                throw new ManualAssignmentRefused(providerId + " holds none of " + service.qualifications());
            }
            Optional<Offer> ownOffer = visit.offers().stream().filter(o -> o.providerId().equals(providerId)
                    && Visit.offerHold(o.offerId()).equals(live.hold())).findFirst();
            CandidateFacts facts = ownOffer.isEmpty() ? live.facts() : new CandidateFacts(live.facts().candidate(), false,
                    live.facts().fresh(), live.facts().assignmentsToday(), live.facts().profile());
            Optional<String> excluded = matching.exclusion(visit, service, facts, serviceDate);
            if (excluded.isPresent() && !(override && excluded.get().equals(Matching.DECLINED_EARLIER))) {
                throw new ManualAssignmentRefused(providerId + ": " + excluded.get()
                        + (excluded.get().equals(Matching.DECLINED_EARLIER) ? " (an override with a reason may assign them)" : ""));
            }
            String offerId = "off-" + UUID.randomUUID();
            Candidate candidate = facts.candidate();
            Busy busy = busy(visit, now);
            Instant busyUntil = busy.end().plusSeconds(busy.plusTravel() ? candidate.etaMinutes() * 60L : 0);
            if (visit.planned()) {
                if (!reservations.book(providerId, orderId, busy.start(), busyUntil)) {
                    throw new ManualAssignmentRefused(providerId + " is booked for another visit in that window");
                }
                reservations.countAssignment(providerId, serviceDate(visit, now));
            } else {
                String heldAs = ownOffer.map(o -> Visit.offerHold(o.offerId())).orElse(Visit.offerHold(offerId));
                if (ownOffer.isEmpty() && !reservations.reserve(providerId, heldAs, properties.visitHold(), serviceDate,
                        busyUntil)) {
                    throw new ManualAssignmentRefused(providerId + " is reserved or booked for another visit meanwhile");
                }
                if (!reservations.confirm(providerId, heldAs, Visit.visitHold(orderId), serviceDate)) {
                    throw new ManualAssignmentRefused(providerId + " was reserved for another visit meanwhile");
                }
                reservations.book(providerId, orderId, busy.start(), busyUntil);
            }
            Transition transition = visit.assignBySupervisor(candidate, offerId, now, input, new OfferExplanation(1,
                    List.of(), candidate.etaMinutes(), 0, 0, candidate.etaMinutes(), 1.0));
            if (visits.save(transition, stored.version())) {
                releaseDropped(visit, transition.visit());
                List<CareEvent> events = new ArrayList<>(transition.events());
                events.add(new AuditRecorded(UUID.randomUUID().toString(), AuditRecorded.SCHEMA_VERSION, now, orderId,
                        supervisor, null, visit.team().isEmpty() ? "ASSIGN" : "REASSIGN", "ALLOWED", reason));
                publish(events);
                if (visit.team().isEmpty()) {
                    metrics.assigned(transition.visit(), now);
                }
                log.info("Visit {} assigned by supervisor {} to provider {}", orderId, supervisor, providerId);
                return transition.visit();
            }
            reservations.release(providerId, Visit.visitHold(orderId));
            reservations.unbook(providerId, orderId);
        }
        throw new IllegalStateException("visit " + orderId + " kept changing; try again");
    }

    /** Offers not answered in time lapse: withdrawn, provider freed and excluded, next candidate tried. */
    public void expireOffers() {
        Instant now = clock.instant();
        for (String orderId : visits.expiredOffers(now.toEpochMilli(), properties.retryBatch())) {
            String input = "lapse-" + UUID.randomUUID();
            update(orderId, input, stored -> stored.visit().lapseExpired(now, input), (before, after) -> {
                releaseDropped(before.visit(), after.visit());
                metrics.answered("lapsed", before.visit().priority(),
                        before.visit().offers().size() - after.visit().offers().size());
            });
            dispatchIfAwaiting(orderId);
        }
    }

    /** Announces every missed assignment target once. */
    public void breachSlas() {
        Instant now = clock.instant();
        for (String orderId : visits.slaDue(now.toEpochMilli(), properties.retryBatch())) {
            String input = "sla-" + UUID.randomUUID();
            update(orderId, input, stored -> stored.visit().breachSla(
                    properties.assignWithin(stored.visit().priority()), now, input), (before, after) -> { });
        }
    }

    /**
     * Visits still without anyone after their priority's escalation time are escalated to the district's
     * supervisors once, with the reason found at the widest circle; they keep being tried automatically.
     */
    public void escalateOverdue() {
        Instant now = clock.instant();
        for (String orderId : visits.waiting(properties.retryBatch())) {
            Optional<Stored> found = visits.find(orderId);
            if (found.isEmpty()) {
                continue;
            }
            Visit visit = found.get().visit();
            if (visit.escalated() || !visit.awaitsProvider() || paused(visit).isPresent()
                    || Duration.between(visit.dispatchFrom(), now).compareTo(properties.escalateAfter(visit.priority())) < 0) {
                continue;
            }
            String reason;
            String detail;
            Optional<String> blocked = visitGate(visit);
            if (blocked.isPresent()) {
                reason = Matching.FIRST_VISIT_MISSING;
                detail = blocked.get();
            } else {
                double widest = properties.widestFactor();
                Decision decision = decide(visit, now, widest);
                if (decision.ranking().size() >= visit.fewestToOffer()) {
                    continue; // someone is eligible now: the next retry round offers it
                }
                reason = Matching.escalationReason(visit, decision);
                detail = decision.considered() == 0
                        ? "nobody qualified on duty within " + widest + "x the 15-minute circle"
                        + (visit.excludedProviders().isEmpty() ? "" : "; declined or lapsed: " + visit.excludedProviders().size())
                        : waitingReason(visit, decision);
            }
            String input = "escalate-" + UUID.randomUUID();
            update(orderId, input, stored -> stored.visit().escalate(reason, detail, now, input),
                    (before, after) -> escalations.record(orderId, new EscalationLog.Entry(reason, detail, now)));
            log.warn("Visit {} escalated to supervisors: {}", orderId, reason);
        }
    }

    /**
     * Tries every visit due for a provider, oldest first. Batched visits (routine and scheduled, one provider) of
     * one area are assigned jointly: the plan with the least total cost across them, not first come, nearest.
     */
    public void retryWaiting() {
        Instant now = clock.instant();
        lastRoundStartedAt = now;
        Set<String> due = new HashSet<>(visits.waiting(properties.retryBatch()));
        // a batch is an area's visits once its oldest is due, with those that came within the window after it
        Map<String, List<Visit>> batches = new LinkedHashMap<>();
        Map<String, Long> waitingByArea = new LinkedHashMap<>();
        for (String orderId : visits.dueBy(now.plus(properties.batching().window()).toEpochMilli(),
                properties.retryBatch())) {
            Optional<Visit> found = visits.find(orderId).map(Stored::visit).filter(Visit::awaitsProvider);
            if (found.isEmpty()) {
                continue;
            }
            Visit visit = found.get();
            waitingByArea.merge(properties.batchArea(visit.areaKey()), 1L, Long::sum);
            if (properties.batched(visit.priority(), visit.seats()) && visit.offers().isEmpty()) {
                batches.computeIfAbsent(properties.batchArea(visit.areaKey()), a -> new ArrayList<>()).add(visit);
            } else if (due.contains(orderId)) {
                dispatch(orderId);
            }
        }
        metrics.queue(waitingByArea);
        batches.values().stream().filter(batch -> batch.stream().anyMatch(v -> due.contains(v.orderId())))
                .forEach(this::dispatchJointly);
    }

    /**
     * Supply changed at {@code changedAt} (a provider came on shift, finished, moved): waiting visits are tried at
     * once — unless a round that started after the change already saw it (bursts coalesce).
     */
    public void supplyChanged(Instant changedAt) {
        Instant last = lastRoundStartedAt;
        if (last == null || !last.isAfter(changedAt)) {
            retryWaiting();
        }
    }

    private void dispatchJointly(List<Visit> batch) {
        if (batch.size() == 1) {
            dispatch(batch.getFirst().orderId());
            return;
        }
        Instant now = clock.instant();
        Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
        for (Visit visit : batch) {
            Map<String, Double> row = new LinkedHashMap<>();
            if (blocked(visit).isEmpty()) {
                decide(visit, now, properties.radiusFactor(Duration.between(visit.dispatchFrom(), now))).ranking()
                        .forEach(r -> row.put(r.facts().providerId(), r.total()));
            }
            costs.put(visit.orderId(), row);
        }
        Map<String, String> plan = JointAssignment.cheapest(costs);
        if (batch.size() > 1 && !plan.isEmpty()) {
            log.info("Batch of {} visits in area {}: {} assigned jointly, total score {} (first come, nearest: {})",
                    batch.size(), properties.batchArea(batch.getFirst().areaKey()), plan.size(),
                    Math.round(JointAssignment.total(costs, plan)),
                    Math.round(JointAssignment.total(costs, JointAssignment.greedy(costs))));
        }
        // visits the plan gives nobody go last: the plan's providers are reserved first
        batch.stream().filter(v -> plan.containsKey(v.orderId())).forEach(v -> dispatch(v.orderId(), plan.get(v.orderId())));
        batch.stream().filter(v -> !plan.containsKey(v.orderId())).forEach(v -> dispatch(v.orderId(), null));
    }

    private void dispatchIfAwaiting(String orderId) {
        visits.find(orderId).filter(s -> s.visit().awaitsProvider()).ifPresent(s -> dispatch(orderId));
    }

    void dispatch(String orderId) {
        dispatch(orderId, null);
    }

    /**
     * Matches, reserves the best eligible candidates (one per open seat, or the top k of a visit offered in
     * parallel; {@code planned} first when a joint assignment chose them) and offers them the visit, or lets the
     * visit wait with the reason.
     */
    void dispatch(String orderId, String planned) {
        String input = "dispatch-" + UUID.randomUUID();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> found = visits.find(orderId);
            if (found.isEmpty() || !found.get().visit().awaitsProvider()) {
                return;
            }
            Stored stored = found.get();
            Visit visit = stored.visit();
            Instant now = clock.instant();
            Optional<String> blocked = blocked(visit);
            Decision decision = blocked.isPresent() ? null
                    : decide(visit, now, properties.radiusFactor(Duration.between(visit.dispatchFrom(), now)));
            int parallel = properties.parallelOffers(visit.priority());
            Duration offerTimeout = properties.offerTimeout(visit.priority());
            List<Visit.Proposal> proposals = new ArrayList<>();
            List<OfferExplanation.Exclusion> takenMeanwhile = new ArrayList<>();
            if (decision != null) {
                LocalDate serviceDate = serviceDate(visit, now);
                Busy busy = busy(visit, now);
                for (Decision.Ranked candidate : plannedFirst(decision.ranking(), planned)) {
                    if (proposals.size() == visit.offersToMake(parallel)) {
                        break;
                    }
                    String offerId = "off-" + UUID.randomUUID();
                    String providerId = candidate.facts().providerId();
                    boolean taken = visit.planned()
                            ? reservations.book(providerId, visit.orderId(), busy.start(), busy.end())
                            : reservations.reserve(providerId, Visit.offerHold(offerId), offerTimeout.multipliedBy(2),
                            serviceDate, busy.end().plusSeconds(candidate.facts().candidate().etaMinutes() * 60L));
                    if (taken) {
                        proposals.add(new Visit.Proposal(candidate.facts().candidate(), offerId, null));
                    } else {
                        takenMeanwhile.add(new OfferExplanation.Exclusion(candidate.facts().providerId(),
                                "reserved for another visit meanwhile"));
                    }
                }
                if (proposals.size() < visit.fewestToOffer()) { // a pair goes out as a pair, or not at all
                    proposals.forEach(p -> free(visit, p.candidate().providerId(), p.offerId()));
                    proposals.clear();
                }
            }
            List<Visit.Proposal> explained = withContinuity(visit, decision,
                    explain(decision, proposals, takenMeanwhile), takenMeanwhile);
            Instant offeredAt = clock.instant(); // the offers exist from their reservation on
            Transition transition = !explained.isEmpty()
                    ? visit.offer(explained, offeredAt, offeredAt.plus(offerTimeout), input, parallel)
                    : visit.noCandidate(blocked.orElseGet(() -> waitingReason(visit, decision)), now, input);
            if (transition.visit() == visit) {
                return; // still waiting, nothing new to say
            }
            if (visits.save(transition, stored.version())) {
                if (decision != null) {
                    decisions.record(orderId, logEntry(now, decision, explained, takenMeanwhile));
                }
                if (!explained.isEmpty()) {
                    metrics.offered(visit, offeredAt, explained.size());
                }
                explained.forEach(p -> log.info("Offered {} to provider {} ({} m, ETA {} min)", orderId,
                        p.candidate().providerId(), p.candidate().distanceMeters(), p.candidate().etaMinutes()));
                publish(transition.events());
                return;
            }
            // lost a race: free and re-read
            explained.forEach(p -> free(visit, p.candidate().providerId(), p.offerId()));
        }
        log.warn("Visit {} kept changing while dispatching; it stays queued for the next round", orderId);
    }

    private static List<Decision.Ranked> plannedFirst(List<Decision.Ranked> ranking, String planned) {
        if (planned == null) {
            return ranking;
        }
        List<Decision.Ranked> ordered = new ArrayList<>(ranking.stream()
                .filter(r -> r.facts().providerId().equals(planned)).toList());
        ranking.stream().filter(r -> !r.facts().providerId().equals(planned)).forEach(ordered::add);
        return ordered;
    }

    /**
     * Continuity of care is broken only for a reason, and the reason is recorded: when whoever served the patient
     * last does not get the offer, each offer says who they were and why not them.
     */
    private List<Visit.Proposal> withContinuity(Visit visit, Decision decision, List<Visit.Proposal> proposals,
                                                List<OfferExplanation.Exclusion> takenMeanwhile) {
        String previous = history.lastProvider(visit.patientRef());
        if (previous == null || proposals.isEmpty()
                || proposals.stream().anyMatch(p -> p.candidate().providerId().equals(previous))) {
            return proposals;
        }
        String reason = decision.excluded().stream().filter(e -> e.providerId().equals(previous))
                .map(OfferExplanation.Exclusion::reason).findFirst()
                .or(() -> takenMeanwhile.stream().filter(e -> e.providerId().equals(previous))
                        .map(OfferExplanation.Exclusion::reason).findFirst())
                .or(() -> decision.ranking().stream().filter(r -> r.facts().providerId().equals(previous)).findFirst()
                        .map(r -> "another provider scored better (" + r.total() + " against "
                                + decision.ranking().getFirst().total() + ")"))
                .orElse("not available inside the circle (off duty, busy or out of reach)");
        return proposals.stream().map(p -> new Visit.Proposal(p.candidate(), p.offerId(),
                p.explanation().withProviderChange(previous, reason))).toList();
    }

    /** Each proposal with its explanation: the decision, and who was taken meanwhile. */
    private static List<Visit.Proposal> explain(Decision decision, List<Visit.Proposal> proposals,
                                                List<OfferExplanation.Exclusion> takenMeanwhile) {
        return proposals.stream().map(p -> new Visit.Proposal(p.candidate(), p.offerId(), decision.explain(
                decision.ranking().stream().filter(r -> r.facts().providerId().equals(p.candidate().providerId()))
                        .findFirst().orElseThrow(), takenMeanwhile, MAX_LISTED_EXCLUSIONS))).toList();
    }

    /** Why the visit may not go to anyone now: its area is paused (not for emergencies), or a visit gate. */
    private Optional<String> blocked(Visit visit) {
        return paused(visit).or(() -> visitGate(visit));
    }

    /** Why the visit's area is paused, unless it is an emergency (dispatched regardless). */
    private Optional<String> paused(Visit visit) {
        return visit.isEmergency() ? Optional.empty() : pauses.find(properties.batchArea(visit.areaKey()))
                .map(p -> "dispatch paused in area " + p.area() + " by a supervisor: " + p.reason());
    }

    private Optional<String> visitGate(Visit visit) {
        return matching.visitGate(visit, catalogue.get(visit.serviceCode()), history.assessed(visit.patientRef()));
    }

    /** Who may go, and in which order, for {@code visit} in a circle widened by {@code radiusFactor}. */
    private Decision decide(Visit visit, Instant now, double radiusFactor) {
        LocalDate serviceDate = serviceDate(visit, now);
        ServiceDefinition service = catalogue.get(visit.serviceCode());
        return matching.decide(visit, service,
                reservations.candidates(visit.home(), service.qualifications(), radiusFactor, serviceDate,
                        busy(visit, now), from(visit)),
                serviceDate, history.lastProvider(visit.patientRef()), radiusFactor);
    }

    /**
     * The time a visit takes of its provider: a planned visit its window (latest start + time on site + travel
     * buffer); a visit now from now, plus the provider's travel, time on site and travel buffer.
     */
    private Busy busy(Visit visit, Instant now) {
        Duration onSite = Duration.ofMinutes(catalogue.get(visit.serviceCode()).onSiteMinutes());
        if (visit.planned()) {
            Instant latest = visit.window().latestStart() != null ? visit.window().latestStart() : visit.window().earliestStart();
            return new Busy(visit.window().earliestStart(), latest.plus(onSite).plus(properties.travelBuffer()), false);
        }
        return new Busy(now, now.plus(onSite).plus(properties.travelBuffer()), true);
    }

    /** A planned visit is matched from providers' bases hours ahead; a visit now from where they are. */
    private static Reservations.From from(Visit visit) {
        return visit.planned() ? Reservations.From.BASE : Reservations.From.LIVE;
    }

    /** Frees a provider taken for an offer that will not be made (or lost a race). */
    private void free(Visit visit, String providerId, String offerId) {
        if (visit.planned()) {
            reservations.unbook(providerId, visit.orderId());
        } else {
            reservations.release(providerId, Visit.offerHold(offerId));
        }
    }

    /** The date of the visit in the district's time zone: its window's, or today (credentials, daily limits). */
    private LocalDate serviceDate(Visit visit, Instant now) {
        return visit.planned() ? serviceDate(visit.window().earliestStart()) : serviceDate(now);
    }

    /** The service date in the district's time zone (daily limits count per date). */
    private LocalDate serviceDate(Instant at) {
        return LocalDate.ofInstant(at, properties.zone());
    }

    private static String waitingReason(Visit visit, Decision decision) {
        if (decision.considered() == 0) {
            return NO_PROVIDER;
        }
        if (!decision.ranking().isEmpty()) {
            return "a two-person service: " + decision.ranking().size() + " of the " + visit.openSeats()
                    + " providers it needs are available";
        }
        Map<String, Long> reasons = decision.excluded().stream().collect(Collectors.groupingBy(
                OfferExplanation.Exclusion::reason, LinkedHashMap::new, Collectors.counting()));
        return "all " + decision.considered() + " providers inside the circle were excluded: " + reasons;
    }

    private static DecisionLog.Entry logEntry(Instant at, Decision decision, List<Visit.Proposal> offered,
                                              List<OfferExplanation.Exclusion> takenMeanwhile) {
        List<OfferExplanation.Exclusion> excluded = new ArrayList<>(decision.excluded());
        excluded.addAll(takenMeanwhile);
        List<String> chosen = offered.stream().map(p -> p.candidate().providerId()).toList();
        return new DecisionLog.Entry(at, chosen.isEmpty() ? "WAITING" : "OFFERED", chosen, decision.considered(),
                decision.radiusFactor(), excluded, decision.ranking().stream().map(r -> new DecisionLog.RankedEntry(
                        r.facts().providerId(), r.facts().candidate().etaMinutes(), r.facts().candidate().distanceMeters(),
                        r.eta(), r.continuity(), r.fairness(), r.total())).toList());
    }

    private interface AfterSave {
        void run(Stored before, Transition after);
    }

    private void update(String orderId, String input, Function<Stored, Transition> change, AfterSave afterSave) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> found = visits.find(orderId);
            if (found.isEmpty()) {
                log.warn("Event {} for unknown visit {} ignored", input, orderId);
                return;
            }
            Stored stored = found.get();
            if (input.equals(stored.visit().lastInput())) {
                resend(stored);
                return;
            }
            Transition transition;
            try {
                transition = change.apply(stored);
            } catch (IllegalTransition e) {
                log.info("Ignored: {}", e.getMessage());
                return;
            }
            if (visits.save(transition, stored.version())) {
                afterSave.run(stored, transition);
                publish(transition.events());
                return;
            }
        }
        throw new IllegalStateException("visit " + orderId + " kept changing; event " + input + " will be retried");
    }

    /**
     * Frees the providers whose offer (or, on cancellation, assignment) the change ended. An acceptance being
     * confirmed concurrently may already have turned an offer's hold into the visit's, so that is released too.
     */
    private void releaseDropped(Visit before, Visit after) {
        Set<String> kept = new HashSet<>();
        Set<String> onTeam = new HashSet<>();
        if (!after.isFinal()) {
            after.offers().forEach(o -> kept.add(o.offerId()));
            after.team().forEach(o -> {
                kept.add(o.offerId());
                onTeam.add(o.providerId());
            });
        }
        for (Offer dropped : before.offers()) {
            if (kept.contains(dropped.offerId()) || onTeam.contains(dropped.providerId())) {
                continue;
            }
            if (before.planned()) {
                reservations.unbook(dropped.providerId(), before.orderId());
            } else if (!reservations.release(dropped.providerId(), Visit.offerHold(dropped.offerId()))) {
                reservations.release(dropped.providerId(), Visit.visitHold(before.orderId()));
            }
        }
        // cancelled, or reassigned by a supervisor: the earlier team is free again
        before.team().stream().filter(o -> !kept.contains(o.offerId()) && !onTeam.contains(o.providerId()))
                .forEach(o -> {
                    if (!before.planned()) {
                        reservations.release(o.providerId(), Visit.visitHold(before.orderId()));
                    }
                    reservations.unbook(o.providerId(), before.orderId());
                });
    }

    /** Publishes (waiting for Kafka's acknowledgement) and notes the steps in the visit's timeline. */
    private void publish(List<? extends CareEvent> events) {
        publisher.publishAndWait(events);
        timeline.record(events);
    }

    private void resend(Stored stored) {
        List<VisitEvent> outbox = stored.outbox();
        if (!outbox.isEmpty()) {
            publish(outbox);
        }
    }
}
