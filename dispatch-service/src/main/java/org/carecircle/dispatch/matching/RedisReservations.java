package org.carecircle.dispatch.matching;

import org.carecircle.contracts.LiveKeys;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.dispatch.matching.domain.Candidate;
import org.carecircle.dispatch.matching.domain.Circle;
import org.carecircle.dispatch.matching.domain.Reservations;
import org.carecircle.dispatch.matching.domain.TravelModeSpeed;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reservations in Redis: one Lua script per decision (search the per-qualification, per-travel-mode geo sets,
 * pick the shortest ETA among providers under their daily limit, {@code SET NX} the provider's hold, take them out
 * of the geo index).
 */
@Component
class RedisReservations implements Reservations {
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE =
            RedisScript.of(new ClassPathResource("scripts/reserve-nearest.lua"), List.class);
    private static final RedisScript<Long> RELEASE =
            RedisScript.of(new ClassPathResource("scripts/release-provider.lua"), Long.class);
    private static final RedisScript<Long> REST =
            RedisScript.of(new ClassPathResource("scripts/rest-provider.lua"), Long.class);
    private static final RedisScript<Long> CONFIRM =
            RedisScript.of(new ClassPathResource("scripts/confirm-provider.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final DispatchProperties properties;
    private final Circle circle;
    private final Clock clock;

    RedisReservations(StringRedisTemplate redis, DispatchProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.circle = properties.circle();
        this.clock = clock;
    }

    @Override
    public Optional<Candidate> reserveNearest(GeoPoint home, Collection<String> qualifications,
                                              Collection<String> excluded, String holdValue, Duration holdFor) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(home.lon()), String.valueOf(home.lat()),
                String.valueOf(clock.millis()), holdValue,
                String.valueOf(holdFor.toMillis()),
                String.valueOf(circle.detourFactor()), String.valueOf(properties.candidatesPerSearch()), today()));
        List<String> searches = new ArrayList<>();
        for (String qualification : qualifications) {
            for (TravelModeSpeed mode : circle.modes()) {
                searches.addAll(List.of(LiveKeys.geo(qualification, mode.mode()),
                        String.valueOf(circle.radiusMeters(mode)), String.valueOf(mode.metersPerSecond()),
                        String.valueOf(mode.overheadMinutes() * 60), mode.mode()));
            }
        }
        args.add(String.valueOf(searches.size() / 5));
        args.addAll(searches);
        args.addAll(excluded);
        @SuppressWarnings("unchecked")
        List<String> found = redis.execute(RESERVE, List.of(LiveKeys.HEARTBEATS), args.toArray());
        if (found == null || found.isEmpty()) {
            return Optional.empty();
        }
        int etaMinutes = (int) Math.ceil(Integer.parseInt(found.get(2)) / 60.0);
        return Optional.of(new Candidate(found.get(0), found.get(4), found.get(3), Integer.parseInt(found.get(1)),
                Math.max(1, etaMinutes)));
    }

    /** The service date in the district's time zone (daily limits count per date). */
    private String today() {
        return LocalDate.ofInstant(clock.instant(), properties.zone()).toString();
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
    public boolean confirm(String providerId, String offerHold, String visitHold) {
        Long confirmed = redis.execute(CONFIRM, List.of(LiveKeys.hold(providerId),
                        LiveKeys.dailyAssignments(providerId, today())), offerHold, visitHold,
                String.valueOf(properties.visitHold().toMillis()));
        return confirmed != null && confirmed == 1;
    }
}
