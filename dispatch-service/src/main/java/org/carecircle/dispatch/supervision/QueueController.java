package org.carecircle.dispatch.supervision;

import org.carecircle.dispatch.offering.DecisionLog;
import org.carecircle.dispatch.recovery.VisitsFromTheLog;
import org.carecircle.dispatch.visit.VisitTimeline;
import org.carecircle.views.ViewGuard;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitStatus;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What dispatch is doing, for district supervisors: the queue of visits waiting for a provider, each visit's state. */
@RestController
@Validated
class QueueController {
    private final VisitRepository visits;
    private final DecisionLog decisionLog;
    private final VisitTimeline timeline;
    private final Clock clock;

    private final ViewGuard guard;

    QueueController(VisitRepository visits, DecisionLog decisionLog, VisitTimeline timeline, Clock clock,
                    ViewGuard guard) {
        this.guard = guard;
        this.timeline = timeline;
        this.visits = visits;
        this.decisionLog = decisionLog;
        this.clock = clock;
    }

    /** A waiting visit without personal data: area, service, priority and how long it has waited. */
    record WaitingVisit(String orderId, String areaKey, String serviceCode, String priority, VisitStatus status,
                       Instant requestedAt, long waitingSeconds, int offersMade, int providersExcluded,
                       boolean escalated, boolean slaBreached) {
    }

    /**
     * A visit's dispatch state: open offers, the team that accepted (who checked in; who left before it, with when
     * the visit is dispatched anew without them), who is excluded.
     */
    record VisitState(String orderId, String areaKey, String serviceCode, String priority, VisitStatus status,
                      int providersNeeded, List<OpenOffer> openOffers, List<String> team, List<String> checkedIn,
                      java.util.Map<String, Instant> leftBeforeCheckIn, int offersMade, List<String> providersExcluded) {
    }

    record OpenOffer(String offerId, String providerId, Instant expiresAt) {
    }

    /**
     * The visits of the supervisor's district waiting for a provider, longest waiting first, a page at a time; the
     * {@code X-Total-Count} header says how many wait in all. {@code area} (a geohash prefix) filters the page.
     */
    @GetMapping("/dispatch/queue")
    ResponseEntity<List<WaitingVisit>> queue(@RequestParam(required = false) @Size(max = 12) String area,
                                             @RequestParam(defaultValue = "0") @Min(0) int offset,
                                             @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit,
                                             Caller caller) {
        String district = caller.supervisedDistrict();
        Instant now = clock.instant();
        List<WaitingVisit> page = visits.waitingPage(district, now.toEpochMilli(), offset, limit).stream()
                .flatMap(id -> visits.find(id).stream())
                .map(VisitRepository.Stored::visit)
                .filter(v -> v.awaitsProvider() && (area == null || v.areaKey().startsWith(area)))
                .map(v -> new WaitingVisit(v.orderId(), v.areaKey(), v.serviceCode(), v.priority(), v.status(),
                        v.requestedAt(), Duration.between(v.requestedAt(), now).toSeconds(), v.attempts(),
                        v.excludedProviders().size(), v.escalated(), v.slaBreached()))
                .toList();
        return ResponseEntity.ok().header("X-Total-Count",
                String.valueOf(visits.waitingCount(district, now.toEpochMilli()))).body(page);
    }

    /** The latest matching decision: candidates ranked with score parts, exclusions with reasons. */
    @GetMapping("/dispatch/visits/{orderId}/decision")
    DecisionLog.Entry decision(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        supervisedVisit(orderId, caller);
        return decisionLog.latest(orderId).orElseThrow(() -> ApiProblem.notFound("Decision for " + orderId));
    }

    /** What dispatch decided and announced for the visit, in time order. */
    @GetMapping("/dispatch/visits/{orderId}/timeline")
    List<VisitTimeline.Step> timeline(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        supervisedVisit(orderId, caller);
        return timeline.of(orderId);
    }

    @GetMapping("/dispatch/visits/{orderId}")
    VisitState visit(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        Visit v = supervisedVisit(orderId, caller);
        return new VisitState(v.orderId(), v.areaKey(), v.serviceCode(), v.priority(), v.status(), v.seats(),
                v.offers().stream().map(o -> new OpenOffer(o.offerId(), o.providerId(), o.expiresAt())).toList(),
                v.team().stream().map(o -> o.providerId()).toList(), List.copyOf(v.checkedIn()), v.departed(),
                v.attempts(), List.copyOf(v.excludedProviders()));
    }

    /** The visit, for a supervisor of its district; anyone else gets the same 404 as for a visit that does not exist. */
    private Visit supervisedVisit(String orderId, Caller caller) {
        return visits.find(orderId).map(VisitRepository.Stored::visit).filter(v -> caller.supervises(v.district()))
                .orElseThrow(() -> guard.whole(VisitsFromTheLog.NAME) ? ApiProblem.notFound("Visit " + orderId)
                        : ApiProblem.unavailable("Dispatch is rebuilding its state from the log; try again shortly",
                        java.time.Duration.ofSeconds(5)));
    }
}
