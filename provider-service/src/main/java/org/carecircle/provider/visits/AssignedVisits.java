package org.carecircle.provider.visits;

import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.edge.ApiProblem;
import org.carecircle.provider.FieldTransition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The visits assigned to providers: each one's stage and check-in, the provider's list of open visits, and the
 * order's details — revealed to the assigned provider only for the service window: from assignment until
 * {@code revealFor} after the later of assignment and the window's latest start. Keys:
 * {@code cc:{provider}:visit-details:<orderId>} (the sealed details as received, expiring),
 * {@code cc:{provider}:assignment:<orderId>:<providerId>} (stage, check-in) and {@code cc:{provider}:visits:provider:<id>} (sorted set of
 * assigned order ids).
 */
@Service
public class AssignedVisits {
    private static final Duration KEEP = Duration.ofDays(3);

    private final StringRedisTemplate redis;
    private final FieldTransition transition;
    private final JsonMapper json;
    private final DetailsCipher cipher;
    private final PrivacyProperties privacy;
    private final Clock clock;

    AssignedVisits(StringRedisTemplate redis, FieldTransition transition, JsonMapper json, DetailsCipher cipher,
                   PrivacyProperties privacy, Clock clock) {
        this.redis = redis;
        this.transition = transition;
        this.json = json;
        this.cipher = cipher;
        this.privacy = privacy;
        this.clock = clock;
    }

    /** @param revealFor how long after assignment (or the window's latest start, if later) the address is shown */
    @ConfigurationProperties("carecircle.privacy")
    public record PrivacyProperties(Duration revealFor) {
    }

    /** What the assigned provider sees. */
    public record VisitDetailsView(String orderId, String address, String notes, Instant availableUntil) {
    }

    public void ordered(VisitRequested order) {
        String key = detailsKey(order.orderId());
        String latestStart = order.window() == null || order.window().latestStart() == null ? ""
                : order.window().latestStart().toString();
        redis.opsForHash().putAll(key, Map.of("sealed", json.writeValueAsString(order.details()), "latestStart", latestStart,
                "lat", String.valueOf(order.home().lat()), "lon", String.valueOf(order.home().lon()),
                "serviceCode", order.serviceCode(), "patientRef", order.patientRef(), "areaKey", order.areaKey()));
        redis.expire(key, KEEP);
    }

    /** One per provider of the visit (both of a pair have their own stage, check-in and record). */
    private static String key(String orderId, String providerId) {
        return "cc:{provider}:assignment:" + orderId + ":" + providerId;
    }

    private static String detailsKey(String orderId) {
        return "cc:{provider}:visit-details:" + orderId;
    }

    private static String providerListKey(String providerId) {
        return "cc:{provider}:visits:provider:" + providerId;
    }

    public void assigned(String orderId, String providerId, Instant at) {
        String key = key(orderId, providerId);
        if (redis.opsForHash().putIfAbsent(key, "providerId", providerId)) {
            redis.opsForHash().putAll(key, Map.of("at", at.toString(), "stage", VisitStage.ASSIGNED.name()));
            redis.expire(key, KEEP);
        }
    }

    /**
     * The provider's own step, as the log has it (a rebuild): the visit's stage moves forward to it (never back),
     * a check-in keeps where and when, and a visit ended leaves the provider's list.
     */
    public void progressed(String orderId, String providerId, VisitStage stage, Instant at, int checkInDistance) {
        String key = key(orderId, providerId);
        Object current = redis.opsForHash().get(key, "stage");
        if (current == null || !VisitStage.valueOf((String) current).canGoTo(stage)) {
            return;
        }
        redis.opsForHash().put(key, "stage", stage.name());
        if (stage == VisitStage.CHECKED_IN) {
            checkedIn(orderId, providerId, at, checkInDistance);
        }
        if (stage == VisitStage.COMPLETED || stage == VisitStage.NOT_DONE) {
            removeFromProviderList(providerId, orderId);
        }
    }

    /** What lifecycle steps need of an assigned visit: who has it, its stage, and the order's facts. */
    record Assignment(String orderId, String providerId, VisitStage stage, double homeLat, double homeLon,
                      String serviceCode, String patientRef, String areaKey, Instant checkedInAt, int checkInDistance) {
    }

    /** How far the provider got with the visit; empty if it is not theirs or its record has expired. */
    public Optional<VisitStage> stage(String orderId, String providerId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(orderId, providerId), "stage"))
                .map(VisitStage::valueOf);
    }

    /** The visit, if it is assigned to {@code providerId} (404 otherwise, whoever else has it). */
    Assignment assignment(String providerId, String orderId) {
        Map<Object, Object> assignment = redis.opsForHash().entries(key(orderId, providerId));
        Map<Object, Object> details = redis.opsForHash().entries(detailsKey(orderId));
        if (!providerId.equals(assignment.get("providerId")) || details.get("lat") == null) {
            throw ApiProblem.notFound("Visit " + orderId);
        }
        Object checkedIn = assignment.get("checkedInAt");
        Object distance = assignment.get("checkInDistance");
        return new Assignment(orderId, providerId, VisitStage.valueOf((String) assignment.get("stage")),
                Double.parseDouble((String) details.get("lat")), Double.parseDouble((String) details.get("lon")),
                (String) details.get("serviceCode"), (String) details.get("patientRef"), (String) details.get("areaKey"),
                checkedIn == null ? null : Instant.parse((String) checkedIn),
                distance == null ? 0 : Integer.parseInt((String) distance));
    }

    /**
     * Moves the visit from stage {@code from} to {@code to} unless it changed meanwhile.
     *
     * @return the stage found; the visit moved when it equals {@code from}
     */
    String moveStage(String orderId, String providerId, VisitStage from, VisitStage to) {
        return transition.move(key(orderId, providerId), "stage", from.name(), to.name());
    }

    void checkedIn(String orderId, String providerId, Instant at, int distance) {
        redis.opsForHash().putAll(key(orderId, providerId), Map.of("checkedInAt", at.toString(),
                "checkInDistance", String.valueOf(distance)));
    }

    public void withdrawn(String orderId, String providerId) {
        redis.delete(key(orderId, providerId));
    }

    /** The provider's open visits (order ids, oldest assignment first). */
    List<String> providerList(String providerId) {
        Set<String> visits = redis.opsForZSet().range(providerListKey(providerId), 0, -1);
        return visits == null ? List.of() : List.copyOf(visits);
    }

    public void addToProviderList(String providerId, String orderId, Instant assignedAt) {
        redis.opsForZSet().add(providerListKey(providerId), orderId, assignedAt.toEpochMilli());
    }

    /** Off the list once withdrawn, completed or not done. */
    public void removeFromProviderList(String providerId, String orderId) {
        redis.opsForZSet().remove(providerListKey(providerId), orderId);
    }

    VisitDetailsView reveal(String providerId, String orderId) {
        Map<Object, Object> assignment = redis.opsForHash().entries(key(orderId, providerId));
        Map<Object, Object> details = redis.opsForHash().entries(detailsKey(orderId));
        if (!providerId.equals(assignment.get("providerId")) || details.get("sealed") == null) {
            throw ApiProblem.notFound("Visit " + orderId);
        }
        Instant from = Instant.parse((String) assignment.get("at"));
        String latestStart = (String) details.get("latestStart");
        if (!latestStart.isEmpty() && Instant.parse(latestStart).isAfter(from)) {
            from = Instant.parse(latestStart);
        }
        Instant until = from.plus(privacy.revealFor());
        if (clock.instant().isAfter(until)) {
            throw new ApiProblem(HttpStatus.GONE, "Gone", "The service window of this visit is over; its address is "
                    + "no longer shown", List.of(), null);
        }
        SealedDetails sealed = json.readValue((String) details.get("sealed"), SealedDetails.class);
        VisitDetails opened = cipher.open(orderId, sealed);
        return new VisitDetailsView(orderId, opened.address(), opened.notes(), until);
    }
}
