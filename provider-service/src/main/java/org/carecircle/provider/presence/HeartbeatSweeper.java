package org.carecircle.provider.presence;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Periodically drops providers whose heartbeats stopped. Safe with several instances: the script is atomic. */
@Component
class HeartbeatSweeper {
    private final Presence presence;

    HeartbeatSweeper(Presence presence) {
        this.presence = presence;
    }

    @Scheduled(fixedDelayString = "${carecircle.presence.sweep-interval}")
    void sweep() {
        presence.expireStale();
    }
}
