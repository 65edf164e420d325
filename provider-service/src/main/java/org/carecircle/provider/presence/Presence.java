package org.carecircle.provider.presence;

import org.carecircle.contracts.LiveKeys;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.provider.registry.Provider;
import org.carecircle.provider.registry.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Live presence of providers: shifts and location heartbeats. A provider is in the geo index only while on duty,
 * located, fresh (heartbeat within the timeout) and not reserved; their location is kept only while on duty.
 */
@Service
public class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final RedisScript<Long> SHIFT = RedisScript.of(new ClassPathResource("scripts/shift.lua"), Long.class);
    private static final RedisScript<Long> HEARTBEAT =
            RedisScript.of(new ClassPathResource("scripts/heartbeat.lua"), Long.class);
    private static final RedisScript<Long> BREAK = RedisScript.of(new ClassPathResource("scripts/break.lua"), Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> EXPIRE =
            RedisScript.of(new ClassPathResource("scripts/expire-stale.lua"), List.class);
    private static final int SWEEP_BATCH = 500;

    private final StringRedisTemplate redis;
    private final ProviderRegistry registry;
    private final EventPublisher publisher;
    private final PresenceProperties properties;
    private final Clock clock;

    Presence(StringRedisTemplate redis, ProviderRegistry registry, EventPublisher publisher,
             PresenceProperties properties, Clock clock) {
        this.redis = redis;
        this.registry = registry;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    public void shift(String providerId, boolean onDuty) {
        Provider provider = registry.get(providerId);
        Long changed = redis.execute(SHIFT, List.of(LiveKeys.provider(providerId), LiveKeys.HEARTBEATS),
                providerId, onDuty ? "1" : "0");
        if (changed != null && changed == 1 && !onDuty) {
            announce(provider.organizationId(), providerId, false, "SHIFT_ENDED");
        }
    }

    /** Starts or ends a break: on a break a provider on duty is not offered work (and says so to dispatch). */
    public void onBreak(String providerId, boolean onBreak) {
        Provider provider = registry.get(providerId);
        Long result = redis.execute(BREAK,
                List.of(LiveKeys.provider(providerId), LiveKeys.hold(providerId), LiveKeys.HEARTBEATS),
                providerId, onBreak ? "1" : "0", String.valueOf(clock.millis()));
        if (result == null || result == 0) {
            throw ApiProblem.conflict("Provider " + providerId + " is off duty");
        }
        announce(provider.organizationId(), providerId, !onBreak, onBreak ? "BREAK_STARTED" : "BREAK_ENDED");
    }

    /** Records a heartbeat; answers 409 when the provider is off duty (their location is not kept then). */
    public void heartbeat(String providerId, double lat, double lon, int accuracyMeters) {
        long freshUntil = clock.millis() + properties.heartbeatTimeout().toMillis();
        Long result = redis.execute(HEARTBEAT,
                List.of(LiveKeys.provider(providerId), LiveKeys.HEARTBEATS, LiveKeys.hold(providerId)),
                providerId, String.valueOf(lat), String.valueOf(lon), String.valueOf(accuracyMeters),
                String.valueOf(freshUntil), String.valueOf(properties.movedAnnounceMeters()));
        if (result == null || result == -1) {
            throw ApiProblem.notFound("Provider " + providerId);
        }
        if (result == 0) {
            throw ApiProblem.conflict("Provider " + providerId + " is off duty: locations are only kept while on duty");
        }
        if (result == 2) { // back in the geo index: waiting visits near them are tried at once
            announce(registry.get(providerId).organizationId(), providerId, true, "ON_DUTY_LOCATED");
        } else if (result == 3) { // moved: homes that were out of reach may be in reach now
            announce(registry.get(providerId).organizationId(), providerId, true, "MOVED");
        }
    }

    /** Takes providers whose heartbeats stopped out of the geo index; returns how many. */
    public int expireStale() {
        @SuppressWarnings("unchecked")
        List<String> stale = redis.execute(EXPIRE, List.of(LiveKeys.HEARTBEATS),
                String.valueOf(clock.millis()), String.valueOf(SWEEP_BATCH));
        if (stale == null) {
            return 0;
        }
        for (String providerId : stale) {
            log.info("Provider {} sent no heartbeat for {}: no longer available", providerId, properties.heartbeatTimeout());
            registry.find(providerId).ifPresent(p -> announce(p.organizationId(), providerId, false, "HEARTBEAT_LOST"));
        }
        return stale.size();
    }

    private void announce(String organizationId, String providerId, boolean available, String reason) {
        publisher.publish(new ProviderAvailabilityChanged(UUID.randomUUID().toString(),
                ProviderAvailabilityChanged.SCHEMA_VERSION, clock.instant(), providerId, organizationId, available, reason));
    }
}
