package org.carecircle.dispatch.candidates;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.domain.CandidateFacts;
import org.carecircle.dispatch.candidates.domain.Decision;
import org.carecircle.dispatch.candidates.domain.Matching;
import org.carecircle.dispatch.reservation.Reservation;
import org.carecircle.dispatch.reservation.Reservations;
import org.carecircle.dispatch.visit.domain.Visit;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may go to a visit, and in which order: the visit's own gates (its area paused, a first-visit assessment
 * missing), then the providers in reach (live, or from their bases for planned work) through the gates of
 * {@link Matching}, scored with continuity of care. Used alike by offering, escalation and a supervisor's pick.
 */
@Service
public class Candidates {
    static final String NO_PROVIDER = "no qualified provider available inside the 15-minute circle";

    private final LiveCandidates live;
    private final Reservations reservations;
    private final ServiceCatalogue catalogue;
    private final DispatchProperties properties;
    private final CareHistory history;
    private final AreaPauses pauses;
    private final Matching matching;

    Candidates(LiveCandidates live, Reservations reservations, ServiceCatalogue catalogue,
               DispatchProperties properties, CareHistory history, AreaPauses pauses) {
        this.live = live;
        this.reservations = reservations;
        this.catalogue = catalogue;
        this.properties = properties;
        this.history = history;
        this.pauses = pauses;
        this.matching = new Matching(properties.matchingRules());
    }

    /** Who may go, and in which order, in the circle widened for how long the visit has waited. */
    public Decision decide(Visit visit, Instant now) {
        return decide(visit, now, properties.radiusFactor(Duration.between(visit.dispatchFrom(), now)));
    }

    /** Who may go, and in which order, in a circle widened by {@code radiusFactor}. */
    public Decision decide(Visit visit, Instant now, double radiusFactor) {
        Reservation reservation = reservations.of(visit);
        LocalDate serviceDate = reservation.serviceDate(visit, now);
        ServiceDefinition service = catalogue.get(visit.serviceCode());
        return matching.decide(visit, service, live.search(visit.home(), service.qualifications(), radiusFactor,
                        serviceDate, reservation.busy(visit, now), reservation.from()),
                serviceDate, history.lastProvider(visit.patientRef()), radiusFactor);
    }

    /** Why the visit may not go to anyone now: its area is paused (not for emergencies), or a visit gate. */
    public Optional<String> blocked(Visit visit) {
        return paused(visit).or(() -> visitGate(visit));
    }

    /** Why the visit's area is paused, unless it is an emergency (dispatched regardless). */
    public Optional<String> paused(Visit visit) {
        return visit.isEmergency() ? Optional.empty() : pauses.find(properties.batchArea(visit.areaKey()))
                .map(p -> "dispatch paused in area " + p.area() + " by a supervisor: " + p.reason());
    }

    /** The first-visit assessment gate, if it holds the visit back. */
    public Optional<String> visitGate(Visit visit) {
        return matching.visitGate(visit, catalogue.get(visit.serviceCode()), history.assessed(visit.patientRef()));
    }

    /** Where a provider could go: homes within {@code radiusMeters} of {@code at} needing one of {@code qualifications}. */
    public record Reach(java.util.List<String> qualifications, org.carecircle.contracts.events.GeoPoint at,
                        double radiusMeters) {
    }

    /** The reach of a provider on duty with a known location (their widest circle), if so. */
    public Optional<Reach> reach(String providerId, Instant now) {
        return live.reach(providerId, LocalDate.ofInstant(now, properties.zone()));
    }

    /** Who served the patient last, if known. */
    public String lastProvider(Visit visit) {
        return history.lastProvider(visit.patientRef());
    }

    /**
     * One provider chosen by a supervisor, through the same gates: their facts (a reservation for this very visit,
     * {@code heldForThisVisit}, set aside), or why they may not go.
     */
    public Pick pick(Visit visit, String providerId, String heldForThisVisit, Instant now) {
        Reservation reservation = reservations.of(visit);
        LocalDate serviceDate = reservation.serviceDate(visit, now);
        ServiceDefinition service = catalogue.get(visit.serviceCode());
        Optional<LiveCandidates.Found> found = live.provider(providerId, visit.home(), serviceDate,
                reservation.busy(visit, now), reservation.from());
        if (found.isEmpty()) {
            return Pick.refused(providerId + (visit.planned() ? " has no registered base"
                    : " is not on duty with a known location"));
        }
        if (found.get().qualifications().stream().noneMatch(service.qualifications()::contains)) {
            return Pick.refused(providerId + " holds none of " + service.qualifications());
        }
        boolean heldForIt = heldForThisVisit != null && heldForThisVisit.equals(found.get().hold());
        CandidateFacts facts = heldForIt ? found.get().facts().heldForThisVisit() : found.get().facts();
        return new Pick(facts, heldForIt, null, matching.exclusion(visit, service, facts, serviceDate).orElse(null));
    }

    /**
     * A supervisor's pick: the provider's facts and whether they hold this visit's offer already; {@code refusal}
     * when they cannot be considered at all, {@code exclusion} the gate that excludes them (null when none).
     */
    public record Pick(CandidateFacts facts, boolean heldForIt, String refusal, String exclusion) {
        static Pick refused(String why) {
            return new Pick(null, false, why, null);
        }

        /** Only an earlier decline may be overridden (with the supervisor's reason). */
        public boolean overridable() {
            return Matching.DECLINED_EARLIER.equals(exclusion);
        }
    }

    /** Why a visit waits, in words: nobody in reach, a pair only half available, or everyone excluded and why. */
    public static String waitingReason(Visit visit, Decision decision) {
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
}
