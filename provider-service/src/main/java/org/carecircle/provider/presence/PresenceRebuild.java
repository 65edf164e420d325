package org.carecircle.provider.presence;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.live.LiveProviders;
import org.carecircle.views.RebuildableView;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Who is on shift and on a break, rebuilt from {@code provider-availability} after Redis lost it (view
 * {@code provider-presence}, after the registry it needs): the last announcement of each provider decides —
 * {@code SHIFT_ENDED} off duty; {@code BREAK_STARTED} on duty, on a break; any other on duty, and not on a break
 * unless silent. Locations are not on the log: a provider on duty is back in the geo index with their next
 * heartbeat. A shift started but never located (no announcement yet) is not known: that provider starts it again.
 */
@Component
@Order(2)
class PresenceRebuild implements RebuildableView {
    private final LiveProviders live;
    private final Topics topics;

    PresenceRebuild(LiveProviders live, Topics topics) {
        this.live = live;
        this.topics = topics;
    }

    @Override
    public String name() {
        return "provider-presence";
    }

    @Override
    public List<String> keyspaces() {
        return List.of(org.carecircle.live.LiveProviders.KEYSPACE);
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getProviderAvailability());
    }

    @Override
    public List<String> liveListeners() {
        return List.of(); // provider-service announces availability; it does not consume it
    }

    @Override
    public void replay(CareEvent event) {
        if (!(event instanceof ProviderAvailabilityChanged changed)) {
            return;
        }
        String providerId = changed.providerId();
        switch (changed.reason()) {
            case "SHIFT_ENDED" -> live.shift(providerId, false);
            case "BREAK_STARTED" -> {
                live.shift(providerId, true);
                live.onBreak(providerId, true);
            }
            case "HEARTBEAT_LOST" -> live.shift(providerId, true);
            default -> {
                live.shift(providerId, true);
                live.onBreak(providerId, false);
            }
        }
    }
}
