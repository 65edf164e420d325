package org.carecircle.dispatch.candidates;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.domain.CandidateFacts;
import org.carecircle.dispatch.candidates.domain.Circle;
import org.carecircle.dispatch.candidates.domain.TravelModeSpeed;
import org.carecircle.dispatch.reservation.Busy;
import org.carecircle.dispatch.visit.domain.Candidate;
import org.carecircle.live.LiveFacts;
import org.carecircle.live.LiveProviders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Candidates from the live provider store: the providers of the visit's qualifications whose travel-time circle
 * (one geo search per qualification and travel mode, with that mode's radius) contains the home, with their facts,
 * nearest by travel time first. The travel time is the circle's ({@link Circle#etaSeconds}).
 */
@Component
class LiveCandidates {
    private final LiveProviders live;
    private final DispatchProperties properties;
    private final Circle circle;
    private final JsonMapper json;

    LiveCandidates(LiveProviders live, DispatchProperties properties, JsonMapper json) {
        this.live = live;
        this.properties = properties;
        this.circle = properties.circle();
        this.json = json;
    }

    /** A provider's facts for a supervisor's pick, with their qualifications and what they are held for. */
    record Found(CandidateFacts facts, List<String> qualifications, String hold) {
    }

    List<CandidateFacts> search(GeoPoint home, Collection<String> qualifications, double radiusFactor,
                                LocalDate serviceDate, Busy busy, LiveProviders.From from) {
        List<LiveProviders.Circle> circles = new ArrayList<>();
        for (String qualification : qualifications) {
            for (TravelModeSpeed mode : circle.modes()) {
                circles.add(new LiveProviders.Circle(qualification, mode.mode(), circle.radiusMeters(mode) * radiusFactor));
            }
        }
        return live.search(home, from, circles, properties.candidatesPerSearch(), serviceDate, busy.start()).stream()
                .map(f -> facts(f, f.distance(), busy)).flatMap(Optional::stream)
                .sorted(Comparator.comparingInt((CandidateFacts c) -> c.candidate().etaMinutes())
                        .thenComparingInt(c -> c.candidate().distanceMeters()))
                .toList();
    }

    /** A provider on duty with a known location ({@code LIVE}) or with a registered base ({@code BASE}). */
    Optional<Found> provider(String providerId, GeoPoint home, LocalDate serviceDate, Busy busy, LiveProviders.From from) {
        return live.facts(providerId, serviceDate, busy.start()).flatMap(f -> {
            Double lat = from == LiveProviders.From.BASE ? f.baseLat() : f.lat();
            Double lon = from == LiveProviders.From.BASE ? f.baseLon() : f.lon();
            if (lat == null || lon == null || !(from == LiveProviders.From.BASE || f.onDuty())) {
                return Optional.empty();
            }
            return facts(f, new GeoPoint(lat, lon).metersTo(home), busy)
                    .map(c -> new Found(c, f.qualifications(), f.hold()));
        });
    }

    /** Where a provider on duty could go now: their qualifications, where they are, and their widest circle. */
    Optional<Candidates.Reach> reach(String providerId, LocalDate today) {
        return live.facts(providerId, today, java.time.Instant.EPOCH)
                .filter(f -> f.onDuty() && f.lat() != null && f.lon() != null)
                .flatMap(f -> circle.modes().stream().filter(m -> m.mode().equals(f.mode())).findFirst()
                        .map(mode -> new Candidates.Reach(f.qualifications(), new GeoPoint(f.lat(), f.lon()),
                                circle.radiusMeters(mode) * properties.widestFactor())));
    }

    private Optional<CandidateFacts> facts(LiveFacts f, double meters, Busy busy) {
        return circle.modes().stream().filter(m -> m.mode().equals(f.mode())).findFirst().map(mode -> {
            int eta = Math.max(1, (int) Math.ceil(Circle.etaSeconds(mode, meters, circle.detourFactor()) / 60));
            Candidate candidate = new Candidate(f.id(), f.org(), f.mode(), (int) Math.round(meters), eta);
            ProviderProfile profile = f.profile() == null || f.profile().isEmpty() ? ProviderProfile.unspecified()
                    : json.readValue(f.profile(), ProviderProfile.class);
            return new CandidateFacts(candidate, f.reserved(), f.fresh(), f.assignments(), f.atDailyLimit(), profile,
                    f.bookedBefore(busy.until(eta)));
        });
    }
}
