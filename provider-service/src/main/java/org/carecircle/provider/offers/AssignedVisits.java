package org.carecircle.provider.offers;

import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.edge.ApiProblem;
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

/**
 * Reveals a visit's address and notes to its assigned provider, and only for the service window: from assignment
 * until {@code revealFor} after the later of assignment and the window's latest start. Keys:
 * {@code cc:visit-details:<orderId>} (the sealed details as received, expiring) and
 * {@code cc:assignment:<orderId>:<providerId>}.
 */
@Service
public class AssignedVisits {
    private static final Duration KEEP = Duration.ofDays(3);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final DetailsCipher cipher;
    private final PrivacyProperties privacy;
    private final Clock clock;

    AssignedVisits(StringRedisTemplate redis, JsonMapper json, DetailsCipher cipher, PrivacyProperties privacy,
                   Clock clock) {
        this.redis = redis;
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

    void ordered(VisitRequested order) {
        String key = "cc:visit-details:" + order.orderId();
        String latestStart = order.window() == null || order.window().latestStart() == null ? ""
                : order.window().latestStart().toString();
        redis.opsForHash().putAll(key, Map.of("sealed", json.writeValueAsString(order.details()), "latestStart", latestStart,
                "lat", String.valueOf(order.home().lat()), "lon", String.valueOf(order.home().lon()),
                "serviceCode", order.serviceCode(), "patientRef", order.patientRef(), "areaKey", order.areaKey()));
        redis.expire(key, KEEP);
    }

    /** One per provider of the visit (both of a pair have their own stage, check-in and record). */
    static String key(String orderId, String providerId) {
        return "cc:assignment:" + orderId + ":" + providerId;
    }

    void assigned(String orderId, String providerId) {
        String key = key(orderId, providerId);
        if (redis.opsForHash().putIfAbsent(key, "providerId", providerId)) {
            redis.opsForHash().putAll(key, Map.of("at", clock.instant().toString(), "stage", VisitStage.ASSIGNED.name()));
            redis.expire(key, KEEP);
        }
    }

    /** What lifecycle steps need of an assigned visit: who has it, its stage, and the order's facts. */
    record Assignment(String orderId, String providerId, VisitStage stage, double homeLat, double homeLon,
                      String serviceCode, String patientRef, String areaKey, Instant checkedInAt, int checkInDistance) {
    }

    /** How far the provider got with the visit; empty if it is not theirs or its record has expired. */
    Optional<VisitStage> stage(String orderId, String providerId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(orderId, providerId), "stage"))
                .map(VisitStage::valueOf);
    }

    /** The visit, if it is assigned to {@code providerId} (404 otherwise, whoever else has it). */
    Assignment assignment(String providerId, String orderId) {
        Map<Object, Object> assignment = redis.opsForHash().entries(key(orderId, providerId));
        Map<Object, Object> details = redis.opsForHash().entries("cc:visit-details:" + orderId);
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

    void withdrawn(String orderId, String providerId) {
        redis.delete(key(orderId, providerId));
    }

    VisitDetailsView reveal(String providerId, String orderId) {
        Map<Object, Object> assignment = redis.opsForHash().entries(key(orderId, providerId));
        Map<Object, Object> details = redis.opsForHash().entries("cc:visit-details:" + orderId);
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
