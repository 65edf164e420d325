package org.carecircle.views;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param checkInterval how often each view's marker is checked (how soon a Redis loss is noticed)
 * @param lockTtl       an instance rebuilding a view holds its lock this long past its last progress; another
 *                      instance takes over if it dies mid-rebuild
 * @param batch         most records read per poll during a rebuild
 */
@Validated
@ConfigurationProperties("carecircle.views")
public record ViewProperties(@NotNull Duration checkInterval, @NotNull Duration lockTtl, @Min(1) int batch) {
    public ViewProperties {
        checkInterval = checkInterval == null ? Duration.ofSeconds(2) : checkInterval;
        lockTtl = lockTtl == null ? Duration.ofMinutes(2) : lockTtl;
        batch = batch <= 0 ? 2000 : batch;
    }
}
