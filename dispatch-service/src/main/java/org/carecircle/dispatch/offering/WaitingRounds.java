package org.carecircle.dispatch.offering;

import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.Candidates;
import org.carecircle.dispatch.candidates.domain.JointAssignment;
import org.carecircle.dispatch.visit.DispatchMetrics;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitRepository.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rounds over the visits due for a provider, oldest first: on the timer, and at once when supply changed. Batched
 * visits (routine and scheduled, one provider) of one area are assigned jointly — the plan with the least total cost
 * across them, not first come, nearest; the others get an {@link OfferRound} each.
 */
@Service
public class WaitingRounds {
    private static final Logger log = LoggerFactory.getLogger(WaitingRounds.class);

    private final VisitRepository visits;
    private final OfferRound offers;
    private final Candidates candidates;
    private final DispatchMetrics metrics;
    private final DispatchProperties properties;
    private final Clock clock;
    /** When the latest round of this instance started (supply changes before it are covered by it). */
    private volatile Instant lastRoundStartedAt;

    WaitingRounds(VisitRepository visits, OfferRound offers, Candidates candidates, DispatchMetrics metrics,
                  DispatchProperties properties, Clock clock) {
        this.visits = visits;
        this.offers = offers;
        this.candidates = candidates;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Tries the visits due, oldest due first (a visit tried in vain goes behind the others: every one gets its turn);
     * a batch is an area's visits once its oldest is due, with those of the window after it.
     */
    public void retryWaiting() {
        Instant now = clock.instant();
        lastRoundStartedAt = now;
        Set<String> due = new HashSet<>(visits.waiting(properties.retryBatch()));
        Map<String, List<Visit>> batches = new LinkedHashMap<>();
        for (String orderId : visits.dueBy(now.plus(properties.batching().window()).toEpochMilli(),
                properties.retryBatch())) {
            Optional<Visit> found = visits.find(orderId).map(Stored::visit).filter(Visit::awaitsProvider);
            if (found.isEmpty()) {
                continue;
            }
            Visit visit = found.get();
            if (properties.batched(visit.priority(), visit.seats()) && visit.offers().isEmpty()) {
                batches.computeIfAbsent(properties.batchArea(visit.areaKey()), a -> new ArrayList<>()).add(visit);
            } else if (due.contains(orderId)) {
                offers.offer(orderId, null);
            }
        }
        metrics.queue(visits.waitingByArea(now.toEpochMilli()));
        batches.values().stream().filter(batch -> batch.stream().anyMatch(v -> due.contains(v.orderId())))
                .forEach(this::offerJointly);
    }

    /**
     * Supply changed at {@code changedAt}: {@code providerId} came on shift, finished a visit, ended a break or moved.
     * The waiting visits they could serve (their qualifications, homes inside their widest circle) go first in a
     * round at once, however many others wait; without such visits the round runs unless one that started after the
     * change already saw it (bursts coalesce).
     */
    public void supplyChanged(String providerId, Instant changedAt) {
        List<String> near = candidates.reach(providerId, clock.instant()).map(reach -> reach.qualifications().stream()
                .flatMap(q -> visits.waitingNear(q, reach.at(), reach.radiusMeters(), properties.retryBatch()).stream())
                .distinct().toList()).orElse(List.of());
        int promoted = near.isEmpty() ? 0
                : visits.dueNow(near, clock.instant().plus(properties.retryInterval()).toEpochMilli());
        Instant last = lastRoundStartedAt;
        if (promoted > 0 || last == null || !last.isAfter(changedAt)) {
            retryWaiting();
        }
    }

    private void offerJointly(List<Visit> batch) {
        if (batch.size() == 1) {
            offers.offer(batch.getFirst().orderId(), null);
            return;
        }
        Instant now = clock.instant();
        Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
        for (Visit visit : batch) {
            Map<String, Double> row = new LinkedHashMap<>();
            if (candidates.blocked(visit).isEmpty()) {
                candidates.decide(visit, now).ranking().forEach(r -> row.put(r.facts().providerId(), r.total()));
            }
            costs.put(visit.orderId(), row);
        }
        Map<String, String> plan = JointAssignment.cheapest(costs);
        if (!plan.isEmpty()) {
            log.info("Batch of {} visits in area {}: {} assigned jointly, total score {} (first come, nearest: {})",
                    batch.size(), properties.batchArea(batch.getFirst().areaKey()), plan.size(),
                    Math.round(JointAssignment.total(costs, plan)),
                    Math.round(JointAssignment.total(costs, JointAssignment.greedy(costs))));
        }
        // visits the plan gives nobody go last: the plan's providers are reserved first
        batch.stream().filter(v -> plan.containsKey(v.orderId())).forEach(v -> offers.offer(v.orderId(), plan.get(v.orderId())));
        batch.stream().filter(v -> !plan.containsKey(v.orderId())).forEach(v -> offers.offer(v.orderId(), null));
    }
}
