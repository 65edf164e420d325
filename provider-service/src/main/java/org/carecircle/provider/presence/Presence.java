package org.carecircle.provider.presence;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.provider.registry.Provider;
import org.carecircle.provider.registry.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.carecircle.live.LiveProviders;
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
    private static final int SWEEP_BATCH = 500;

    private final LiveProviders live;
    private final ProviderRegistry registry;
    private final EventPublisher publisher;
    private final PresenceProperties properties;
    private final Clock clock;

    Presence(LiveProviders live, ProviderRegistry registry, EventPublisher publisher,
             PresenceProperties properties, Clock clock) {
        this.live = live;
        this.registry = registry;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
    }

    public void shift(String providerId, boolean onDuty) {
        Provider provider = registry.get(providerId);
        if (live.shift(providerId, onDuty) == LiveProviders.Change.CHANGED && !onDuty) {
            announce(provider.organizationId(), providerId, false, "SHIFT_ENDED");
        }
    }

    /** Starts or ends a break: on a break a provider on duty is not offered work (and says so to dispatch). */
    public void onBreak(String providerId, boolean onBreak) {
        Provider provider = registry.get(providerId);
        if (live.onBreak(providerId, onBreak) != LiveProviders.Change.CHANGED) {
            throw ApiProblem.conflict("Provider " + providerId + " is off duty");
        }
        announce(provider.organizationId(), providerId, !onBreak, onBreak ? "BREAK_STARTED" : "BREAK_ENDED");
    }

    /** Records a heartbeat; answers 409 when the provider is off duty (their location is not kept then). */
    public void heartbeat(String providerId, double lat, double lon, int accuracyMeters) {
        switch (live.heartbeat(providerId, new GeoPoint(lat, lon), accuracyMeters, properties.heartbeatTimeout(),
                properties.movedAnnounceMeters())) {
            case UNKNOWN_PROVIDER -> throw ApiProblem.notFound("Provider " + providerId);
            case OFF_DUTY -> throw ApiProblem.conflict("Provider " + providerId
                    + " is off duty: locations are only kept while on duty");
            // back in the geo index: waiting visits near them are tried at once
            case NEWLY_AVAILABLE -> announce(registry.get(providerId).organizationId(), providerId, true, "ON_DUTY_LOCATED");
            // moved: homes that were out of reach may be in reach now
            case MOVED -> announce(registry.get(providerId).organizationId(), providerId, true, "MOVED");
            case RECORDED -> { }
        }
    }

    /** Takes providers whose heartbeats stopped out of the geo index; returns how many. */
    public int expireStale() {
        List<String> stale = live.expireStale(SWEEP_BATCH);
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
