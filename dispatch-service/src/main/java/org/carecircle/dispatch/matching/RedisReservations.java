package org.carecircle.dispatch.matching;

import org.carecircle.contracts.LiveKeys;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.dispatch.matching.domain.Candidate;
import org.carecircle.dispatch.matching.domain.CandidateFacts;
import org.carecircle.dispatch.matching.domain.Circle;
import org.carecircle.dispatch.matching.domain.Reservations;
import org.carecircle.dispatch.matching.domain.TravelModeSpeed;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reservations in Redis: a read-only script lists the candidates of the per-qualification, per-travel-mode geo
 * sets with their live facts; after matching has chosen, one atomic script reserves the chosen provider
 * ({@code SET NX} the hold if still fresh and under the daily limit, take them out of the geo index).
 */
@Component
class RedisReservations implements Reservations {
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> FIND =
            RedisScript.of(new ClassPathResource("scripts/find-candidates.lua"), List.class);
    private static final RedisScript<Long> RESERVE =
            RedisScript.of(new ClassPathResource("scripts/reserve-candidate.lua"), Long.class);
    private static final RedisScript<Long> RELEASE =
            RedisScript.of(new ClassPathResource("scripts/release-provider.lua"), Long.class);
    private static final RedisScript<Long> REST =
            RedisScript.of(new ClassPathResource("scripts/rest-provider.lua"), Long.class);
    private static final RedisScript<Long> BOOK =
            RedisScript.of(new ClassPathResource("scripts/book-window.lua"), Long.class);
    private static final RedisScript<Long> UNBOOK =
            RedisScript.of(new ClassPathResource("scripts/unbook-window.lua"), Long.class);
    private static final RedisScript<Long> CONFIRM =
            RedisScript.of(new ClassPathResource("scripts/confirm-provider.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final DispatchProperties properties;
    private final Circle circle;
    private final Clock clock;

    private final JsonMapper json;

    RedisReservations(StringRedisTemplate redis, DispatchProperties properties, Clock clock, JsonMapper json) {
        this.json = json;
        this.redis = redis;
        this.properties = properties;
        this.circle = properties.circle();
        this.clock = clock;
    }

    @Override
    public List<CandidateFacts> candidates(GeoPoint home, Collection<String> qualifications, double radiusFactor,
                                           LocalDate serviceDate, Busy busy, From from) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(home.lon()), String.valueOf(home.lat()),
                String.valueOf(clock.millis()), String.valueOf(circle.detourFactor()),
                String.valueOf(properties.candidatesPerSearch()), serviceDate.toString()));
        List<String> searches = new ArrayList<>();
        for (String qualification : qualifications) {
            for (TravelModeSpeed mode : circle.modes()) {
                searches.addAll(List.of(from == From.BASE ? LiveKeys.base(qualification, mode.mode())
                                : LiveKeys.geo(qualification, mode.mode()),
                        String.valueOf(circle.radiusMeters(mode) * radiusFactor), String.valueOf(mode.metersPerSecond()),
                        String.valueOf(mode.overheadMinutes() * 60), mode.mode()));
            }
        }
        args.add(String.valueOf(searches.size() / 5));
        args.addAll(searches);
        args.add(String.valueOf(busy.start().toEpochMilli()));
        args.add(String.valueOf(busy.end().toEpochMilli()));
        args.add(busy.plusTravel() ? "1" : "0");
        @SuppressWarnings("unchecked")
        List<String> flat = redis.execute(FIND, List.of(LiveKeys.HEARTBEATS), args.toArray());
        List<CandidateFacts> candidates = new ArrayList<>();
        for (int i = 0; flat != null && i + 9 < flat.size(); i += 10) {
            int etaMinutes = Math.max(1, (int) Math.ceil(Integer.parseInt(flat.get(i + 2)) / 60.0));
            Candidate candidate = new Candidate(flat.get(i), flat.get(i + 4), flat.get(i + 3),
                    Integer.parseInt(flat.get(i + 1)), etaMinutes);
            String profile = flat.get(i + 8);
            candidates.add(new CandidateFacts(candidate, "1".equals(flat.get(i + 5)), "1".equals(flat.get(i + 6)),
                    Integer.parseInt(flat.get(i + 7)),
                    profile.isEmpty() ? ProviderProfile.unspecified() : json.readValue(profile, ProviderProfile.class),
                    "1".equals(flat.get(i + 9))));
        }
        return candidates;
    }

    @Override
    public Optional<Live> provider(String providerId, GeoPoint home, LocalDate serviceDate, From from) {
        boolean base = from == From.BASE;
        List<Object> fields = redis.opsForHash().multiGet(LiveKeys.provider(providerId), List.of(
                LiveKeys.ProviderField.ORGANIZATION, LiveKeys.ProviderField.QUALIFICATIONS,
                LiveKeys.ProviderField.TRAVEL_MODE, base ? LiveKeys.ProviderField.BASE_LAT : LiveKeys.ProviderField.LAT,
                base ? LiveKeys.ProviderField.BASE_LON : LiveKeys.ProviderField.LON, "profile",
                LiveKeys.ProviderField.ON_DUTY));
        if (fields.get(3) == null || fields.get(4) == null || !(base || "1".equals(fields.get(6))) || fields.get(2) == null) {
            return Optional.empty();
        }
        String mode = (String) fields.get(2);
        TravelModeSpeed speed = circle.modes().stream().filter(m -> m.mode().equals(mode)).findFirst().orElse(null);
        if (speed == null) {
            return Optional.empty();
        }
        double meters = new GeoPoint(Double.parseDouble((String) fields.get(3)), Double.parseDouble((String) fields.get(4)))
                .metersTo(home);
        int eta = Math.max(1, (int) Math.ceil(Circle.etaSeconds(speed, meters, circle.detourFactor()) / 60));
        Double freshUntil = redis.opsForZSet().score(LiveKeys.HEARTBEATS, providerId);
        String hold = redis.opsForValue().get(LiveKeys.hold(providerId));
        String daily = redis.opsForValue().get(LiveKeys.dailyAssignments(providerId, serviceDate.toString()));
        String profile = (String) fields.get(5);
        CandidateFacts facts = new CandidateFacts(new Candidate(providerId, (String) fields.get(0), mode,
                (int) Math.round(meters), eta), hold != null, freshUntil != null && freshUntil >= clock.millis(),
                daily == null ? 0 : Integer.parseInt(daily),
                profile == null || profile.isEmpty() ? ProviderProfile.unspecified() : json.readValue(profile, ProviderProfile.class));
        String quals = (String) fields.get(1);
        return Optional.of(new Live(facts, quals == null ? List.of() : List.of(quals.split(",")), hold));
    }

    @Override
    public boolean reserve(String providerId, String holdValue, Duration holdFor, LocalDate serviceDate,
                           java.time.Instant busyUntil) {
        Long reserved = redis.execute(RESERVE, List.of(LiveKeys.hold(providerId), LiveKeys.HEARTBEATS,
                        LiveKeys.provider(providerId), LiveKeys.dailyAssignments(providerId, serviceDate.toString()),
                        LiveKeys.bookings(providerId), LiveKeys.bookingEnds(providerId)),
                providerId, holdValue, String.valueOf(holdFor.toMillis()), String.valueOf(clock.millis()),
                String.valueOf(busyUntil.toEpochMilli()));
        return reserved != null && reserved == 1;
    }

    @Override
    public boolean book(String providerId, String orderId, java.time.Instant start, java.time.Instant end) {
        Long booked = redis.execute(BOOK, List.of(LiveKeys.bookings(providerId), LiveKeys.bookingEnds(providerId)),
                orderId, String.valueOf(start.toEpochMilli()), String.valueOf(end.toEpochMilli()),
                String.valueOf(clock.millis()));
        return booked != null && booked == 1;
    }

    @Override
    public void unbook(String providerId, String orderId) {
        redis.execute(UNBOOK, List.of(LiveKeys.bookings(providerId), LiveKeys.bookingEnds(providerId)), orderId);
    }

    @Override
    public void countAssignment(String providerId, LocalDate date) {
        String key = LiveKeys.dailyAssignments(providerId, date.toString());
        redis.opsForValue().increment(key);
        redis.expire(key, Duration.ofDays(3));
    }

    @Override
    public boolean release(String providerId, String holdValue) {
        Long released = redis.execute(RELEASE,
                List.of(LiveKeys.hold(providerId), LiveKeys.provider(providerId), LiveKeys.HEARTBEATS),
                providerId, holdValue, String.valueOf(clock.millis()));
        return released != null && released == 1;
    }

    @Override
    public boolean rest(String providerId, String visitHold, String restHold) {
        Long rested = redis.execute(REST, List.of(LiveKeys.hold(providerId)), visitHold, restHold,
                String.valueOf(properties.travelBuffer().toMillis()));
        return rested != null && rested == 1;
    }

    @Override
    public boolean confirm(String providerId, String offerHold, String visitHold, LocalDate serviceDate) {
        Long confirmed = redis.execute(CONFIRM, List.of(LiveKeys.hold(providerId),
                        LiveKeys.dailyAssignments(providerId, serviceDate.toString())), offerHold, visitHold,
                String.valueOf(properties.visitHold().toMillis()));
        return confirmed != null && confirmed == 1;
    }
}
