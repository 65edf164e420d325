package org.carecircle.dispatch.matching;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.PoisonEventException;
import org.carecircle.dispatch.matching.domain.Decision;
import org.carecircle.dispatch.matching.domain.Matching;
import org.carecircle.dispatch.matching.domain.IllegalTransition;
import org.carecircle.dispatch.matching.domain.Reservations;
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
    private final Clock clock;

    Dispatcher(VisitRepository visits, Reservations reservations, ServiceCatalogue catalogue, EventPublisher publisher,
               DispatchProperties properties, CareHistory history, DecisionLog decisions, Clock clock) {
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
        if (catalogue.find(event.serviceCode()).isEmpty()) {
            throw new PoisonEventException("unknown service code " + event.serviceCode() + " in order " + event.orderId());
        }
        if (!visits.create(Visit.requested(event))) {
            // a re-delivery: if the first delivery stopped before dispatching, dispatch now
            dispatchIfAwaiting(event.orderId());
            return;
        }
        dispatch(event.orderId());
    }

    public void onAccepted(OfferAccepted event) {
        update(event.orderId(), event.eventId(), stored -> {
            Visit visit = stored.visit();
            Transition accepted = visit.accept(event.offerId(), clock.instant(), event.eventId());
            if (!reservations.confirm(visit.offer().providerId(), Visit.offerHold(event.offerId()),
                    Visit.visitHold(visit.orderId()), serviceDate(clock.instant()))) {
                // the reservation lapsed meanwhile: the offer is no longer the provider's to accept
                return visit.lapse(event.offerId(), clock.instant(), event.eventId());
            }
            return accepted;
        }, (before, after) -> {
            if (after.visit().status() != VisitStatus.ASSIGNED) {
                releaseHeld(before.visit());
            }
        });
        dispatchIfAwaiting(event.orderId());
    }

    public void onDeclined(OfferDeclined event) {
        update(event.orderId(), event.eventId(), stored -> stored.visit().decline(event.offerId(), event.eventId()),
                (before, after) -> releaseHeld(before.visit()));
        dispatchIfAwaiting(event.orderId());
    }

    public void onCancelled(VisitCancelled event) {
        update(event.orderId(), event.eventId(), stored -> stored.visit().cancel(clock.instant(), event.eventId()),
                (before, after) -> releaseHeld(before.visit()));
    }

    /** The visit ended at the home: the provider's reservation becomes the travel buffer. */
    public void onEnded(String orderId, String providerId, String input, boolean served) {
        update(orderId, input, stored -> stored.visit().end(providerId, input), (before, after) -> {
            reservations.rest(providerId, Visit.visitHold(orderId), Visit.restHold(orderId));
            if (served) {
                history.served(before.visit().patientRef(), providerId);
            }
        });
    }

    /** Offers not answered in time lapse: withdrawn, provider freed and excluded, next candidate tried. */
    public void expireOffers() {
        Instant now = clock.instant();
        for (String orderId : visits.expiredOffers(now.toEpochMilli(), properties.retryBatch())) {
            String input = "lapse-" + UUID.randomUUID();
            update(orderId, input, stored -> {
                Visit visit = stored.visit();
                if (visit.status() != VisitStatus.OFFERED || visit.offer().expiresAt().isAfter(now)) {
                    throw new IllegalTransition("offer of " + orderId + " is no longer open or not expired");
                }
                return visit.lapse(visit.offer().offerId(), now, input);
            }, (before, after) -> releaseHeld(before.visit()));
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
            if (visit.escalated() || !visit.awaitsProvider()
                    || Duration.between(visit.requestedAt(), now).compareTo(properties.escalateAfter(visit.priority())) < 0) {
                continue;
            }
            double widest = properties.widestFactor();
            Decision decision = decide(visit, now, widest);
            if (!decision.ranking().isEmpty()) {
                continue; // someone is eligible now: the next retry round offers it
            }
            String reason = Matching.escalationReason(visit, decision);
            String detail = decision.considered() == 0
                    ? "nobody qualified on duty within " + widest + "x the 15-minute circle"
                    + (visit.excludedProviders().isEmpty() ? "" : "; declined or lapsed: " + visit.excludedProviders().size())
                    : waitingReason(decision);
            String input = "escalate-" + UUID.randomUUID();
            update(orderId, input, stored -> stored.visit().escalate(reason, detail, now, input), (before, after) -> { });
            log.warn("Visit {} escalated to supervisors: {}", orderId, reason);
        }
    }

    /** Tries every visit still waiting for a provider, oldest first. */
    public void retryWaiting() {
        for (String orderId : visits.waiting(properties.retryBatch())) {
            dispatchIfAwaiting(orderId);
        }
    }

    private void dispatchIfAwaiting(String orderId) {
        visits.find(orderId).filter(s -> s.visit().awaitsProvider()).ifPresent(s -> dispatch(orderId));
    }

    /** Matches, reserves the best eligible candidate and offers them the visit, or lets the visit wait. */
    void dispatch(String orderId) {
        String input = "dispatch-" + UUID.randomUUID();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> found = visits.find(orderId);
            if (found.isEmpty() || !found.get().visit().awaitsProvider()) {
                return;
            }
            Stored stored = found.get();
            Visit visit = stored.visit();
            Instant now = clock.instant();
            Decision decision = decide(visit, now, properties.radiusFactor(Duration.between(visit.requestedAt(), now)));
            LocalDate serviceDate = serviceDate(now);
            String offerId = "off-" + UUID.randomUUID();
            String hold = Visit.offerHold(offerId);
            Duration offerTimeout = properties.offerTimeout(visit.priority());
            Decision.Ranked chosen = null;
            List<OfferExplanation.Exclusion> takenMeanwhile = new ArrayList<>();
            for (Decision.Ranked candidate : decision.ranking()) {
                if (reservations.reserve(candidate.facts().providerId(), hold, offerTimeout.multipliedBy(2), serviceDate)) {
                    chosen = candidate;
                    break;
                }
                takenMeanwhile.add(new OfferExplanation.Exclusion(candidate.facts().providerId(),
                        "reserved for another visit meanwhile"));
            }
            Instant offeredAt = clock.instant(); // the offer exists from its reservation on
            Transition transition = chosen != null
                    ? visit.offer(chosen.facts().candidate(), offerId, offeredAt, offeredAt.plus(offerTimeout), input,
                    decision.explain(chosen, takenMeanwhile, MAX_LISTED_EXCLUSIONS))
                    : visit.noCandidate(waitingReason(decision), now, input);
            if (transition.visit() == visit) {
                return; // still waiting, nothing new to say
            }
            if (visits.save(transition, stored.version())) {
                decisions.record(orderId, logEntry(now, decision, chosen, takenMeanwhile));
                if (chosen != null) {
                    log.info("Offered {} to provider {} ({} m, ETA {} min, score {})", orderId, chosen.facts().providerId(),
                            chosen.facts().candidate().distanceMeters(), chosen.facts().candidate().etaMinutes(),
                            chosen.total());
                }
                publisher.publishAndWait(transition.events());
                return;
            }
            if (chosen != null) {
                reservations.release(chosen.facts().providerId(), hold); // lost a race: free and re-read
            }
        }
        log.warn("Visit {} kept changing while dispatching; it stays queued for the next round", orderId);
    }

    /** Who may go, and in which order, for {@code visit} in a circle widened by {@code radiusFactor}. */
    private Decision decide(Visit visit, Instant now, double radiusFactor) {
        LocalDate serviceDate = serviceDate(now);
        ServiceDefinition service = catalogue.get(visit.serviceCode());
        return matching.decide(visit, service,
                reservations.candidates(visit.home(), service.qualifications(), radiusFactor, serviceDate),
                serviceDate, history.lastProvider(visit.patientRef()), radiusFactor);
    }

    /** The service date in the district's time zone (daily limits count per date). */
    private LocalDate serviceDate(Instant at) {
        return LocalDate.ofInstant(at, properties.zone());
    }

    private static String waitingReason(Decision decision) {
        if (decision.considered() == 0) {
            return NO_PROVIDER;
        }
        Map<String, Long> reasons = decision.excluded().stream().collect(Collectors.groupingBy(
                OfferExplanation.Exclusion::reason, LinkedHashMap::new, Collectors.counting()));
        return "all " + decision.considered() + " providers inside the circle were excluded: " + reasons;
    }

    private static DecisionLog.Entry logEntry(Instant at, Decision decision, Decision.Ranked chosen,
                                              List<OfferExplanation.Exclusion> takenMeanwhile) {
        List<OfferExplanation.Exclusion> excluded = new ArrayList<>(decision.excluded());
        excluded.addAll(takenMeanwhile);
        return new DecisionLog.Entry(at, chosen == null ? "WAITING" : "OFFERED",
                chosen == null ? null : chosen.facts().providerId(), decision.considered(), decision.radiusFactor(),
                excluded, decision.ranking().stream().map(r -> new DecisionLog.RankedEntry(r.facts().providerId(),
                        r.facts().candidate().etaMinutes(), r.facts().candidate().distanceMeters(), r.eta(),
                        r.continuity(), r.fairness(), r.total())).toList());
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
                publisher.publishAndWait(transition.events());
                return;
            }
        }
        throw new IllegalStateException("visit " + orderId + " kept changing; event " + input + " will be retried");
    }

    /**
     * Frees the provider the visit held before a change. An acceptance being confirmed concurrently may already
     * have turned the offer's hold into the visit's, so the visit's own hold is released too.
     */
    private void releaseHeld(Visit before) {
        if (before.offer() != null) {
            String providerId = before.offer().providerId();
            if (!reservations.release(providerId, Visit.offerHold(before.offer().offerId()))) {
                reservations.release(providerId, Visit.visitHold(before.orderId()));
            }
        }
    }

    private void resend(Stored stored) {
        List<VisitEvent> outbox = stored.outbox();
        if (!outbox.isEmpty()) {
            publisher.publishAndWait(outbox);
        }
    }
}
