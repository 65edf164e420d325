package org.carecircle.live;

import org.carecircle.contracts.events.GeoPoint;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live provider store, the only way into its keyspace (see {@link LiveKeys}). provider-service writes presence
 * through it (registrations, shifts, breaks, heartbeats); dispatch-service searches candidates and takes, confirms,
 * books and frees providers through it. Every change is one atomic script.
 */
public class LiveProviders {
    private static final TypeReference<List<LiveFacts>> FACTS = new TypeReference<>() { };
    /** The live keyspace's hash tag: a view that writes into it keeps a marker there (see view-rebuild). */
    public static final String KEYSPACE = LiveKeys.KEYSPACE;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;

    public LiveProviders(StringRedisTemplate redis, JsonMapper json, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
    }

    // ---- presence (provider-service) ----

    /** Applies a registration unless a newer one is stored; false when it was older. */
    public boolean register(Registration r) {
        List<String> geoKeys = r.qualifications().stream().map(q -> LiveKeys.geo(q, r.travelMode())).toList();
        List<String> baseKeys = r.base() == null ? List.of()
                : r.qualifications().stream().map(q -> LiveKeys.base(q, r.travelMode())).toList();
        Long applied = run(LiveScripts.REGISTER, r.providerId(), String.valueOf(r.registeredAt().toEpochMilli()),
                r.organizationId(), r.role(), String.join(",", r.qualifications()), r.travelMode(), r.displayName(),
                String.join(",", geoKeys), now(), r.profileJson(), String.valueOf(r.maxDaily()),
                String.join(",", baseKeys), r.base() == null ? "" : String.valueOf(r.base().lon()),
                r.base() == null ? "" : String.valueOf(r.base().lat()));
        return applied != null && applied == 1;
    }

    public enum Change { UNKNOWN_PROVIDER, OFF_DUTY, UNCHANGED, CHANGED }

    /** Starts or ends a shift (ending it forgets the location). OFF_DUTY is never returned. */
    public Change shift(String providerId, boolean onDuty) {
        Long result = run(LiveScripts.SHIFT, providerId, onDuty ? "1" : "0");
        return result == null || result < 0 ? Change.UNKNOWN_PROVIDER : result == 0 ? Change.UNCHANGED : Change.CHANGED;
    }

    /** Starts or ends a break of a provider on duty. */
    public Change onBreak(String providerId, boolean onBreak) {
        Long result = run(LiveScripts.BREAK, providerId, onBreak ? "1" : "0", now());
        return result == null || result < 0 ? Change.UNKNOWN_PROVIDER : result == 0 ? Change.OFF_DUTY : Change.CHANGED;
    }

    public enum Heartbeat { UNKNOWN_PROVIDER, OFF_DUTY, RECORDED, NEWLY_AVAILABLE, MOVED }

    /**
     * Records a location; {@code freshFor} is how long it keeps them available, {@code movedMeters} how far an
     * available provider must move from where they were last announced to be announced again.
     */
    public Heartbeat heartbeat(String providerId, GeoPoint at, int accuracyMeters, Duration freshFor, int movedMeters) {
        Long result = run(LiveScripts.HEARTBEAT, providerId, String.valueOf(at.lat()), String.valueOf(at.lon()),
                String.valueOf(accuracyMeters), String.valueOf(clock.millis() + freshFor.toMillis()),
                String.valueOf(movedMeters), now());
        return result == null ? Heartbeat.UNKNOWN_PROVIDER : Heartbeat.values()[(int) (result + 1)];
    }

    /** Takes up to {@code most} providers whose heartbeats stopped out of the index; returns their ids. */
    @SuppressWarnings("unchecked")
    public List<String> expireStale(int most) {
        List<String> stale = redis.execute(LiveScripts.EXPIRE_STALE, LiveKeys.SLOT, now(), String.valueOf(most));
        return stale == null ? List.of() : stale;
    }

    /** A provider's registry read model, if registered. */
    public Optional<Registration> registration(String providerId) {
        Map<Object, Object> hash = redis.opsForHash().entries(LiveKeys.provider(providerId));
        if (hash.get(LiveKeys.Field.ORGANIZATION) == null) {
            return Optional.empty();
        }
        Object baseLat = hash.get(LiveKeys.Field.BASE_LAT);
        Object regAt = hash.get(LiveKeys.Field.REGISTERED_AT);
        return Optional.of(new Registration(providerId, regAt == null ? null : Instant.ofEpochMilli(Long.parseLong((String) regAt)), (String) hash.get(LiveKeys.Field.ORGANIZATION),
                (String) hash.get(LiveKeys.Field.ROLE), List.of(((String) hash.get(LiveKeys.Field.QUALIFICATIONS)).split(",")),
                (String) hash.get(LiveKeys.Field.TRAVEL_MODE), (String) hash.get(LiveKeys.Field.DISPLAY_NAME),
                (String) hash.get(LiveKeys.Field.PROFILE), Integer.parseInt((String) hash.getOrDefault(LiveKeys.Field.MAX_DAILY, "0")),
                baseLat == null ? null : new GeoPoint(
                Double.parseDouble((String) baseLat), Double.parseDouble((String) hash.get(LiveKeys.Field.BASE_LON)))));
    }

    /** A registered provider's live facts now (service date today, bookings from now), if registered. */
    public Optional<LiveFacts> facts(String providerId, LocalDate serviceDate, Instant bookingsAfter) {
        String reply = run(LiveScripts.PROVIDER_FACTS, providerId, now(), serviceDate.toString(),
                String.valueOf(bookingsAfter.toEpochMilli()));
        return reply == null || reply.isEmpty() ? Optional.empty() : Optional.of(json.readValue(reply, LiveFacts.class));
    }

    /** Providers on duty with a fresh heartbeat, with their facts (for counts per area and role). */
    public List<LiveFacts> onDuty(LocalDate serviceDate) {
        Set<String> fresh = redis.opsForZSet().rangeByScore(LiveKeys.HEARTBEATS, clock.millis(), Double.MAX_VALUE);
        List<LiveFacts> result = new ArrayList<>();
        for (String id : fresh == null ? Set.<String>of() : fresh) {
            facts(id, serviceDate, clock.instant()).filter(LiveFacts::onDuty).ifPresent(result::add);
        }
        return result;
    }

    // ---- candidates, holds and bookings (dispatch-service) ----

    /** Where providers are taken to be: where their heartbeat puts them (work of now) or their base (planned). */
    public enum From { LIVE, BASE }

    /** One circle to search: the providers of {@code qualification} travelling by {@code mode} within the radius. */
    public record Circle(String qualification, String mode, double radiusMeters) {
    }

    /**
     * The providers inside any of {@code circles} around {@code home}, nearest first (at most {@code perCircle} of
     * each), with their facts on {@code serviceDate} and their bookings that end after {@code bookingsAfter}.
     */
    public List<LiveFacts> search(GeoPoint home, From from, List<Circle> circles, int perCircle, LocalDate serviceDate,
                                  Instant bookingsAfter) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(home.lon()), String.valueOf(home.lat()), now(),
                String.valueOf(perCircle), serviceDate.toString(), String.valueOf(bookingsAfter.toEpochMilli()),
                String.valueOf(circles.size())));
        for (Circle c : circles) {
            args.add(from == From.BASE ? LiveKeys.base(c.qualification(), c.mode()) : LiveKeys.geo(c.qualification(), c.mode()));
            args.add(String.valueOf(c.radiusMeters()));
        }
        String reply = redis.execute(LiveScripts.FIND_CANDIDATES, LiveKeys.SLOT, args.toArray());
        return reply == null ? List.of() : json.readValue(reply, FACTS);
    }

    /**
     * Reserves the provider for {@code holdValue} if still free, fresh, under their daily limit on
     * {@code serviceDate} and not booked before {@code busyUntil}; they leave the index. {@code holdFor} is a
     * safety net should the offer never resolve.
     */
    public boolean reserve(String providerId, String holdValue, Duration holdFor, LocalDate serviceDate, Instant busyUntil) {
        return ok(run(LiveScripts.RESERVE, providerId, holdValue, String.valueOf(holdFor.toMillis()), now(),
                String.valueOf(busyUntil.toEpochMilli()), serviceDate.toString()));
    }

    /** Frees the provider if still reserved for {@code holdValue}; they are searchable again when available. */
    public boolean release(String providerId, String holdValue) {
        return ok(run(LiveScripts.RELEASE, providerId, holdValue, now()));
    }

    /** Keeps the provider reserved for {@code buffer} after the visit; false when they were not held for it. */
    public boolean rest(String providerId, String visitHold, String restHold, Duration buffer) {
        return ok(run(LiveScripts.REST, providerId, visitHold, restHold, String.valueOf(buffer.toMillis())));
    }

    /** Turns the offer's hold into the visit's and counts the assignment; false when the offer's hold is gone. */
    public boolean confirm(String providerId, String offerHold, String visitHold, Duration holdFor, LocalDate serviceDate) {
        return ok(run(LiveScripts.CONFIRM, providerId, offerHold, visitHold, String.valueOf(holdFor.toMillis()),
                serviceDate.toString()));
    }

    /** Counts a (booked, planned) visit among the provider's assignments of {@code date}. */
    public void countAssignment(String providerId, LocalDate date) {
        run(LiveScripts.COUNT_ASSIGNMENT, providerId, date.toString());
    }

    /** Books the provider for [{@code start}, {@code end}) unless that overlaps another booking of theirs. */
    public boolean book(String providerId, String orderId, Instant start, Instant end) {
        return ok(run(LiveScripts.BOOK, providerId, orderId, String.valueOf(start.toEpochMilli()),
                String.valueOf(end.toEpochMilli()), now()));
    }

    public void unbook(String providerId, String orderId) {
        run(LiveScripts.UNBOOK, providerId, orderId);
    }

    /**
     * After the live store lost it, puts back the provider's hold as dispatch's log has it (they leave the index);
     * written as is, whether or not they still had one.
     */
    public void restoreHold(String providerId, String holdValue, Duration holdFor) {
        run(LiveScripts.RESTORE, providerId, holdValue, String.valueOf(Math.max(1, holdFor.toMillis())), "", "0");
    }

    /** After the live store lost it, sets how many assignments the provider has on {@code date} (not adds). */
    public void restoreAssignments(String providerId, LocalDate date, int assignments) {
        run(LiveScripts.RESTORE, providerId, "", "0", date.toString(), String.valueOf(assignments));
    }

    private <T> T run(org.springframework.data.redis.core.script.RedisScript<T> script, String... args) {
        return redis.execute(script, LiveKeys.SLOT, (Object[]) args);
    }

    private String now() {
        return String.valueOf(clock.millis());
    }

    private static boolean ok(Long result) {
        return result != null && result == 1;
    }
}
