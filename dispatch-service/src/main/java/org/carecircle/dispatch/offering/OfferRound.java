package org.carecircle.dispatch.offering;

import org.carecircle.contracts.events.OfferExplanation.Exclusion;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.Candidates;
import org.carecircle.dispatch.candidates.domain.CandidateFacts;
import org.carecircle.dispatch.candidates.domain.Decision;
import org.carecircle.dispatch.reservation.Reservation;
import org.carecircle.dispatch.reservation.Reservations;
import org.carecircle.dispatch.visit.DispatchMetrics;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Proposal;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One offer round for one visit: match, reserve the best eligible candidates (one per open seat, or the top k of a
 * visit offered in parallel; a provider a joint assignment chose first) and offer them the visit — or let the visit
 * wait with the reason. Reservations are taken before the offer is saved and freed when the save loses a race, so a
 * provider never holds two at once.
 */
@Service
public class OfferRound {
    private static final Logger log = LoggerFactory.getLogger(OfferRound.class);

    private final VisitUpdates updates;
    private final VisitRepository visits;
    private final Candidates candidates;
    private final Reservations reservations;
    private final Explanations explanations;
    private final DecisionLog decisions;
    private final DispatchMetrics metrics;
    private final DispatchProperties properties;
    private final Clock clock;

    OfferRound(VisitUpdates updates, VisitRepository visits, Candidates candidates, Reservations reservations,
               Explanations explanations, DecisionLog decisions, DispatchMetrics metrics, DispatchProperties properties,
               Clock clock) {
        this.updates = updates;
        this.visits = visits;
        this.candidates = candidates;
        this.reservations = reservations;
        this.explanations = explanations;
        this.decisions = decisions;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** Offers the visit if it still awaits a provider (a round on a visit that does not changes nothing). */
    public void offerIfAwaiting(String orderId) {
        offer(orderId, null);
    }

    /** Offers the visit, {@code preferred} first when a joint assignment chose them ({@code null}: none). */
    public void offer(String orderId, String preferred) {
        try {
            boolean offered = updates.apply(orderId, "dispatch-" + UUID.randomUUID(), new Round(preferred))
                    .filter(t -> t.events().stream().anyMatch(VisitOffered.class::isInstance)).isPresent();
            if (!offered) {
                // tried and still waiting: behind the others due, so that every waiting visit gets its turn
                visits.deferRound(orderId, clock.instant().plus(properties.retryInterval()));
            }
        } catch (VisitUpdates.ConcurrentChange e) {
            log.warn("Visit {} kept changing while dispatching; it stays queued for the next round", orderId);
        }
    }

    /** One attempt at the round; starts afresh on the visit read anew after a lost race. */
    private final class Round implements VisitUpdates.Change {
        private final String preferred;
        private Decision decision;
        private List<Proposal> explained = List.of();
        private List<Exclusion> takenMeanwhile = new ArrayList<>();
        private Instant at;

        Round(String preferred) {
            this.preferred = preferred;
        }

        @Override
        public Transition apply(Visit visit, String input) {
            if (!visit.awaitsProvider()) {
                return new Transition(visit, List.of());
            }
            at = clock.instant();
            takenMeanwhile = new ArrayList<>();
            Optional<String> blocked = candidates.blocked(visit);
            decision = blocked.isPresent() ? null : candidates.decide(visit, at);
            int parallel = properties.parallelOffers(visit.priority());
            Duration timeout = properties.offerTimeout(visit.priority());
            List<Proposal> taken = decision == null ? List.of() : take(visit, parallel, timeout);
            explained = explanations.explain(visit, decision, taken, takenMeanwhile);
            Instant offeredAt = clock.instant(); // the offers exist from their reservation on
            return !explained.isEmpty()
                    ? visit.offer(explained, offeredAt, offeredAt.plus(timeout), input, parallel)
                    : visit.noCandidate(blocked.orElseGet(() -> Candidates.waitingReason(visit, decision)), at,
                    input);
        }

        @Override
        public void lost(Transition attempted) {
            Reservation reservation = reservations.of(attempted.visit());
            explained.forEach(p -> reservation.free(attempted.visit(), p.candidate().providerId(), p.offerId()));
        }

        @Override
        public List<org.carecircle.contracts.events.CareEvent> saved(Visit before, Transition after) {
            if (decision != null) {
                decisions.record(before.orderId(), DecisionLog.entry(at, decision, explained, takenMeanwhile));
            }
            if (!explained.isEmpty()) {
                metrics.offered(before, at, explained.size());
            }
            explained.forEach(p -> log.info("Offered {} to provider {} ({} m, ETA {} min)", before.orderId(),
                    p.candidate().providerId(), p.candidate().distanceMeters(), p.candidate().etaMinutes()));
            return List.of();
        }

        /** Reserves the best candidates still free; a pair goes out as a pair, or not at all. */
        private List<Proposal> take(Visit visit, int parallel, Duration timeout) {
            Reservation reservation = reservations.of(visit);
            List<Proposal> proposals = new ArrayList<>();
            for (Decision.Ranked ranked : preferredFirst(decision.ranking())) {
                if (proposals.size() == visit.offersToMake(parallel)) {
                    break;
                }
                String offerId = "off-" + UUID.randomUUID();
                CandidateFacts facts = ranked.facts();
                if (reservation.take(visit, facts.providerId(), offerId, facts.candidate().etaMinutes(), timeout, at)) {
                    proposals.add(new Proposal(facts.candidate(), offerId, null));
                } else {
                    takenMeanwhile.add(new Exclusion(facts.providerId(), "reserved for another visit meanwhile"));
                }
            }
            if (proposals.size() < visit.fewestToOffer()) {
                proposals.forEach(p -> reservation.free(visit, p.candidate().providerId(), p.offerId()));
                return List.of();
            }
            return proposals;
        }

        private List<Decision.Ranked> preferredFirst(List<Decision.Ranked> ranking) {
            if (preferred == null) {
                return ranking;
            }
            List<Decision.Ranked> ordered = new ArrayList<>(ranking.stream()
                    .filter(r -> r.facts().providerId().equals(preferred)).toList());
            ranking.stream().filter(r -> !r.facts().providerId().equals(preferred)).forEach(ordered::add);
            return ordered;
        }
    }
}
