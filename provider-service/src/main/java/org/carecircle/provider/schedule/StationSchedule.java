package org.carecircle.provider.schedule;

import org.carecircle.contracts.events.TimeWindow;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.provider.offers.OfferInbox;
import org.carecircle.provider.offers.OfferStatus;
import org.carecircle.provider.offers.OfferView;
import org.carecircle.provider.registry.Provider;
import org.carecircle.provider.registry.ProviderRegistry;
import org.carecircle.provider.visits.AssignedVisits;
import org.carecircle.provider.visits.VisitLifecycle;
import org.carecircle.provider.visits.VisitStage;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A nursing station's schedule: every visit assigned to one of its staff, by the time it is due — a planned visit
 * at its window, a visit now at its assignment — with who has it and how far it got. Only what a station plans
 * with: service, window, provider, stage; never the address or notes. Key: {@code cc:{provider}:schedule:org:<org>} (sorted
 * set of offer ids by due time; the offers themselves are the inbox's), kept for {@link #KEEP} after the due time.
 */
@Service
public class StationSchedule {
    static final Duration KEEP = Duration.ofDays(14);

    private final StringRedisTemplate redis;
    private final OfferInbox inbox;
    private final AssignedVisits visits;
    private final ProviderRegistry registry;
    private final VisitLifecycle.VisitProperties properties;
    private final Clock clock;

    StationSchedule(StringRedisTemplate redis, OfferInbox inbox, AssignedVisits visits, ProviderRegistry registry,
                    VisitLifecycle.VisitProperties properties, Clock clock) {
        this.redis = redis;
        this.inbox = inbox;
        this.visits = visits;
        this.registry = registry;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One line of the schedule.
     *
     * @param dueAt  the window's earliest start, or when a visit without a window was assigned
     * @param status ASSIGNED, or CANCELLED once the order was called off or given to someone else
     * @param stage  how far the provider got (ASSIGNED, EN_ROUTE, CHECKED_IN, COMPLETED, NOT_DONE); null once the
     *               stage record has expired
     */
    public record Entry(Instant dueAt, String orderId, String offerId, String providerId, String providerName,
                        String serviceCode, String priority, TimeWindow window, OfferStatus status, VisitStage stage) {
    }

    public void assigned(VisitOffered offer, Instant assignedAt) {
        Instant due = offer.window() != null && offer.window().earliestStart() != null
                ? offer.window().earliestStart() : assignedAt;
        String key = key(offer.organizationId());
        redis.opsForZSet().add(key, offer.offerId(), due.toEpochMilli());
        redis.opsForZSet().removeRangeByScore(key, Double.NEGATIVE_INFINITY,
                clock.instant().minus(KEEP).toEpochMilli());
    }

    /** The station's visits due from the start of {@code from} (district time; today if null) for {@code days} days. */
    public List<Entry> between(String organizationId, LocalDate from, int days) {
        LocalDate first = from != null ? from : LocalDate.now(clock.withZone(properties.zone()));
        Instant start = first.atStartOfDay(properties.zone()).toInstant();
        Instant end = first.plusDays(days).atStartOfDay(properties.zone()).toInstant();
        Set<ZSetOperations.TypedTuple<String>> due = redis.opsForZSet().rangeByScoreWithScores(key(organizationId),
                start.toEpochMilli(), end.toEpochMilli() - 1);
        Map<String, String> names = new HashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (ZSetOperations.TypedTuple<String> line : due == null ? Set.<ZSetOperations.TypedTuple<String>>of() : due) {
            OfferView offer = inbox.view(line.getValue());
            if (offer == null) {
                continue;
            }
            String name = names.computeIfAbsent(offer.providerId(), id ->
                    registry.find(id).map(Provider::displayName).orElse(null));
            entries.add(new Entry(Instant.ofEpochMilli(line.getScore().longValue()), offer.orderId(), offer.offerId(),
                    offer.providerId(), name, offer.serviceCode(), offer.priority(), offer.window(), offer.status(),
                    visits.stage(offer.orderId(), offer.providerId()).orElse(null)));
        }
        return entries;
    }

    private static String key(String organizationId) {
        return "cc:{provider}:schedule:org:" + organizationId;
    }
}
