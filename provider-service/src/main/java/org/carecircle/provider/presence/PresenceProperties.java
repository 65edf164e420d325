package org.carecircle.provider.presence;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param heartbeatTimeout a provider with no location heartbeat for this long is no longer offered work
 * @param sweepInterval    how often stale providers are taken out of the geo index
 * @param movedAnnounceMeters an available provider who moved this far since last announced is announced again, so
 *                         that waiting visits now in their reach are tried at once
 */
@Validated
@ConfigurationProperties("carecircle.presence")
public record PresenceProperties(@NotNull Duration heartbeatTimeout, @NotNull Duration sweepInterval,
                                 @jakarta.validation.constraints.Positive int movedAnnounceMeters) {
}
