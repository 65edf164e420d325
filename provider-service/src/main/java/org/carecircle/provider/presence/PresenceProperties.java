package org.carecircle.provider.presence;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param heartbeatTimeout a provider with no location heartbeat for this long is no longer offered work
 * @param sweepInterval    how often stale providers are taken out of the geo index
 */
@Validated
@ConfigurationProperties("carecircle.presence")
public record PresenceProperties(@NotNull Duration heartbeatTimeout, @NotNull Duration sweepInterval) {
}
