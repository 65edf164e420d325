package org.carecircle.dispatch.supervision;

import org.carecircle.contracts.events.AuditRecorded;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.dispatch.candidates.Candidates;
import org.carecircle.dispatch.reservation.Holds;
import org.carecircle.dispatch.reservation.Reservation;
import org.carecircle.dispatch.reservation.Reservations;
import org.carecircle.dispatch.visit.DispatchMetrics;
import org.carecircle.dispatch.visit.DecisionGate;
import org.carecircle.edge.ApiProblem;
import org.carecircle.dispatch.visit.VisitUpdates;
import org.carecircle.dispatch.visit.domain.Candidate;
import org.carecircle.dispatch.visit.domain.IllegalTransition;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A district supervisor assigns (or reassigns) a one-person visit by hand. The choice passes the same gates as
 * dispatch's own; only an earlier decline can be overridden, and only with the supervisor's reason. Open offers and
 * an earlier assignment are withdrawn, their providers freed, and an audit event names the supervisor and the reason.
 */
@Service
public class ManualAssignment {
    private static final Logger log = LoggerFactory.getLogger(ManualAssignment.class);

    private final VisitUpdates updates;
    private final Candidates candidates;
    private final Reservations reservations;
    private final DispatchMetrics metrics;
    private final Clock clock;

    private final DecisionGate gate;

    ManualAssignment(VisitUpdates updates, Candidates candidates, Reservations reservations, DispatchMetrics metrics,
                     Clock clock, DecisionGate gate) {
        this.gate = gate;
        this.updates = updates;
        this.candidates = candidates;
        this.reservations = reservations;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws IllegalTransition        the visit is done, cancelled, a pair, or already theirs
     * @throws ManualAssignmentRefused a gate refuses the provider
     */
    public Visit assign(String orderId, String providerId, String supervisor, String reason, boolean override) {
        if (!gate.tryEnter()) { // dispatch's views are being rebuilt from the log: no decision on a partial state
            throw ApiProblem.unavailable("Dispatch is rebuilding its state from the log; try again shortly",
                    java.time.Duration.ofSeconds(5));
        }
        try {
            return updates.apply(orderId, "supervisor-" + UUID.randomUUID(),
                    new ByHand(providerId, supervisor, reason, override))
                    .map(Transition::visit).orElseThrow(() -> new IllegalTransition("no visit " + orderId));
        } finally {
            gate.leave();
        }
    }

    private final class ByHand implements VisitUpdates.Change {
        private final String providerId;
        private final String supervisor;
        private final String reason;
        private final boolean override;
        private Instant now;

        ByHand(String providerId, String supervisor, String reason, boolean override) {
            this.providerId = providerId;
            this.supervisor = supervisor;
            this.reason = reason;
            this.override = override;
        }

        @Override
        public Transition apply(Visit visit, String input) {
            now = clock.instant();
            Optional<Offer> own = visit.offers().stream().filter(o -> o.providerId().equals(providerId)).findFirst();
            Candidates.Pick pick = candidates.pick(visit, providerId, own.map(o -> Holds.offer(o.offerId())).orElse(null), now);
            if (pick.refusal() != null) {
                throw new ManualAssignmentRefused(pick.refusal());
            }
            if (pick.exclusion() != null && !(override && pick.overridable())) {
                throw new ManualAssignmentRefused(providerId + ": " + pick.exclusion()
                        + (pick.overridable() ? " (an override with a reason may assign them)" : ""));
            }
            String offerId = "off-" + UUID.randomUUID();
            Candidate candidate = pick.facts().candidate();
            String ownOfferId = pick.heldForIt() ? own.orElseThrow().offerId() : null;
            reservations.of(visit).takeByHand(visit, providerId, ownOfferId, offerId, candidate.etaMinutes(), now)
                    .ifPresent(refused -> {
                        throw new ManualAssignmentRefused(refused);
                    });
            return visit.assignBySupervisor(candidate, offerId, now, input, OfferExplanation.chosenByHand(
                    candidate.etaMinutes()));
        }

        @Override
        public void lost(Transition attempted) {
            reservations.of(attempted.visit()).dismiss(attempted.visit(), providerId);
        }

        @Override
        public List<CareEvent> saved(Visit before, Transition after) {
            if (before.team().isEmpty()) {
                metrics.assigned(after.visit(), now);
            }
            log.info("Visit {} assigned by supervisor {} to provider {}", before.orderId(), supervisor, providerId);
            return List.of(new AuditRecorded(UUID.randomUUID().toString(), AuditRecorded.SCHEMA_VERSION, now,
                    before.orderId(), supervisor, null, before.team().isEmpty() ? "ASSIGN" : "REASSIGN", "ALLOWED",
                    reason));
        }
    }
}
