package org.carecircle.dispatch.visit;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.contracts.events.AuditRecorded;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Each visit's dispatch timeline for supervisors ({@code cc:{dispatch}:timeline:<orderId>}, a sorted set by time, 7
 * days): what dispatch decided and announced — offers, withdrawals, waits with their reasons, assignments,
 * escalations, SLA breaches, a supervisor's assignment. Re-sent events (same id) are not listed twice.
 */
@Component
public class VisitTimeline {
    private static final Duration KEEP = Duration.ofDays(7);
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    VisitTimeline(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** One step; {@code providerId} when a provider is concerned, {@code detail} in words (no personal data). */
    public record Step(String eventId, Instant at, String type, String providerId, String detail) {
    }

    public void record(List<? extends CareEvent> events) {
        for (CareEvent event : events) {
            Step step = switch (event) {
                case VisitOffered e -> new Step(e.eventId(), e.occurredAt(), e.type(), e.providerId(),
                        e.offerMode() + ", ETA " + e.etaMinutes() + " min"
                                + (e.explanation().previousProvider() == null ? "" : "; not " + e.explanation()
                                .previousProvider() + " who served last: " + e.explanation().providerChangeReason()));
                case OfferWithdrawn e -> new Step(e.eventId(), e.occurredAt(), e.type(), e.providerId(), e.reason());
                case VisitQueued e -> new Step(e.eventId(), e.occurredAt(), e.type(), null, e.reason());
                case VisitAssigned e -> new Step(e.eventId(), e.occurredAt(), e.type(), e.providerId(),
                        "team " + e.team());
                case VisitEscalated e -> new Step(e.eventId(), e.occurredAt(), e.type(), null,
                        e.reason() + ": " + e.detail());
                case VisitSlaBreached e -> new Step(e.eventId(), e.occurredAt(), e.type(), null,
                        "target " + e.targetSeconds() + " s, waited " + e.waitedSeconds() + " s");
                case AuditRecorded e -> new Step(e.eventId(), e.occurredAt(), "supervisor-" + e.action().toLowerCase(),
                        null, e.actor() + ": " + e.reason());
                default -> null;
            };
            String orderId = event instanceof VisitEvent v ? v.orderId()
                    : event instanceof AuditRecorded a ? a.orderId() : null;
            if (step != null && orderId != null) {
                String key = key(orderId);
                redis.opsForZSet().add(key, json.writeValueAsString(step), step.at().toEpochMilli());
                redis.expire(key, KEEP);
            }
        }
    }

    public List<Step> of(String orderId) {
        Set<String> steps = redis.opsForZSet().range(key(orderId), 0, -1);
        return steps == null ? List.of() : steps.stream().map(s -> json.readValue(s, Step.class)).toList();
    }

    private static String key(String orderId) {
        return "cc:{dispatch}:timeline:" + orderId;
    }
}
