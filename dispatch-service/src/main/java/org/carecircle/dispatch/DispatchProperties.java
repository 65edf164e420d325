package org.carecircle.dispatch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.dispatch.candidates.domain.Circle;
import org.carecircle.dispatch.candidates.domain.MatchingRules;
import org.carecircle.dispatch.candidates.domain.TravelModeSpeed;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Dispatch settings (see {@code dispatch-service.yml} for the defaults and why).
 *
 * @param circleMinutes       the community circle as a travel time
 * @param detourFactor        road distance / straight-line distance
 * @param travelModes         speed and overhead per travel mode
 * @param candidatesPerSearch nearest providers looked at per geo set
 * @param offerTimeouts       an unanswered offer lapses after this, per priority
 * @param visitHold           longest time an accepted visit keeps its provider reserved
 * @param retryInterval       how often waiting visits are tried again
 * @param retryBatch          most waiting visits tried per round
 * @param requestedGrace      a requested visit nobody dispatched within this is picked up by the retry round
 * @param travelBuffer        after a visit ends its provider stays unavailable this long (to get to the next)
 * @param zone                the district's time zone (service dates for daily limits)
 * @param scoring             weights of the score (lower wins)
 * @param onlineNursing       the gate of online-ordered home nursing
 * @param widening            after how long waiting the circle widens by how much (first step: 0s, factor 1)
 * @param escalateAfter       per priority: a visit still without anyone this long after its request is escalated
 * @param assignWithin        per priority: the SLA target from request to assignment; a miss emits an event
 * @param parallelOffers      per priority: how many providers are offered a one-person visit at once (the first to
 *                            accept wins); 1 (one at a time) when not listed
 * @param firstVisit          which services need a first-visit assessment (首诊) on record for the patient
 * @param batching            which visits wait a short window to be assigned jointly with their area's others
 * @param scheduling          visits with a time window are matched this long before their window, not earlier
 * @param slaAtRisk           share of its assignment target after which a visit still without anyone is shown
 *                            to supervisors as at risk
 * @param departedGrace       a provider who left after accepting a visit of now and before checking in has this
 *                            long to check in before the visit is dispatched anew without them
 */
@Validated
@ConfigurationProperties("carecircle.dispatch")
public record DispatchProperties(@Positive double circleMinutes, @DecimalMin("1.0") double detourFactor,
                                 @NotEmpty Map<String, @Valid Mode> travelModes, @Min(1) int candidatesPerSearch,
                                 @NotEmpty Map<Priority, Duration> offerTimeouts, @NotNull Duration visitHold,
                                 @NotNull Duration retryInterval, @Min(1) int retryBatch,
                                 @NotNull Duration requestedGrace, @NotNull Duration travelBuffer,
                                 @NotNull ZoneId zone, @NotNull @Valid Scoring scoring,
                                 @NotNull @Valid OnlineNursing onlineNursing, @NotEmpty List<@Valid Widening> widening,
                                 @NotEmpty Map<Priority, Duration> escalateAfter,
                                 @NotEmpty Map<Priority, Duration> assignWithin,
                                 @NotNull Map<Priority, @Min(1) Integer> parallelOffers,
                                 @NotNull @Valid FirstVisit firstVisit, @NotNull @Valid Batching batching,
                                 @DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax("1.0") double slaAtRisk,
                                 @NotNull @Valid Scheduling scheduling, @NotNull Duration departedGrace) {

    /**
     * @param leadTime          a visit with a time window is matched this long before its earliest start
     * @param leadTimeByService per service code, where different
     */
    public record Scheduling(@NotNull Duration leadTime, Map<String, Duration> leadTimeByService) {
        public Duration leadTime(String serviceCode) {
            return leadTimeByService == null ? leadTime : leadTimeByService.getOrDefault(serviceCode, leadTime);
        }
    }

    /**
     * @param assessmentService the catalogue code of the first-visit assessment
     * @param categories        catalogue categories whose services need it first (medical, nursing)
     */
    public record FirstVisit(@NotEmpty String assessmentService, @NotNull List<String> categories) {
    }

    /**
     * @param priorities    priorities whose one-at-a-time visits are batched (not those offered in parallel)
     * @param window        how long a new visit waits for others of its area before the joint assignment
     * @param areaPrecision visits whose area keys share this many leading characters form one batch
     */
    public record Batching(@NotNull List<Priority> priorities, @NotNull Duration window, @Min(1) int areaPrecision) {
    }

    /** How many providers a one-person visit of {@code priority} is offered to at once. */
    public int parallelOffers(String priority) {
        return parallelOffers.getOrDefault(Priority.valueOf(priority), 1);
    }

    /** Visits of {@code priority} needing {@code seats} providers wait for their area's batch. */
    public boolean batched(String priority, int seats) {
        return seats == 1 && parallelOffers(priority) == 1 && batching.priorities().contains(Priority.valueOf(priority));
    }

    /** The batch an area key belongs to. */
    public String batchArea(String areaKey) {
        return areaKey.substring(0, Math.min(batching.areaPrecision(), areaKey.length()));
    }


    /** @param overheadMinutes time lost before moving, e.g. parking and walking in by car */
    public record Mode(@Positive double speedKmh, @PositiveOrZero double overheadMinutes) {
    }

    /** How long an offer of a visit of {@code priority} stays open (the longest configured when not listed). */
    /** When matching may start: the service's lead time before the window's earliest start, else {@code otherwise}. */
    public Instant matchFrom(org.carecircle.contracts.events.TimeWindow window, String serviceCode, Instant otherwise) {
        return window == null || window.earliestStart() == null ? otherwise
                : window.earliestStart().minus(scheduling.leadTime(serviceCode));
    }

    public Duration offerTimeout(String priority) {
        Duration configured = offerTimeouts.get(Priority.valueOf(priority));
        return configured != null ? configured
                : offerTimeouts.values().stream().max(Duration::compareTo).orElseThrow();
    }

    /**
     * @param teamBonus       subtracted for providers of the patient's signed family-doctor team
     * @param continuityBonus subtracted for the provider who last served the patient
     */
    public record Scoring(@PositiveOrZero double etaPerMinute, @PositiveOrZero double teamBonus,
                          @PositiveOrZero double continuityBonus,
                          @PositiveOrZero double fairnessPerVisit) {
    }

    /** @param titles titles of 护师 or higher */
    public record OnlineNursing(@Min(0) int minYears, @NotEmpty List<String> titles) {
    }

    /** @param factor radius multiplier once a visit has waited {@code after} */
    public record Widening(@NotNull Duration after, @DecimalMin("1.0") double factor) {
    }

    /** How much wider than the plain circle to search for a visit that has waited {@code waited}. */
    public double radiusFactor(Duration waited) {
        return widening.stream().filter(step -> waited.compareTo(step.after()) >= 0)
                .mapToDouble(Widening::factor).max().orElse(1.0);
    }

    public double widestFactor() {
        return widening.stream().mapToDouble(Widening::factor).max().orElse(1.0);
    }

    public Duration escalateAfter(String priority) {
        return escalateAfter.getOrDefault(Priority.valueOf(priority), Duration.ofMinutes(30));
    }

    public Duration assignWithin(String priority) {
        return assignWithin.getOrDefault(Priority.valueOf(priority), Duration.ofHours(24));
    }

    public MatchingRules matchingRules() {
        return new MatchingRules(scoring.etaPerMinute(), scoring.teamBonus(), scoring.continuityBonus(), scoring.fairnessPerVisit(),
                onlineNursing.minYears(), onlineNursing.titles(), firstVisit.assessmentService(),
                firstVisit.categories());
    }

    public Circle circle() {
        return new Circle(circleMinutes, detourFactor, travelModes.entrySet().stream()
                .map(e -> new TravelModeSpeed(e.getKey(), e.getValue().speedKmh(), e.getValue().overheadMinutes()))
                .toList());
    }
}
