package org.carecircle.edge.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client request limits, shared by all instances of a service through Redis (Bucket4j).
 *
 * @param requestsPerMinute sustained rate per caller (token subject)
 * @param burst             requests a caller may make at once
 */
@Validated
@ConfigurationProperties("carecircle.http.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("600") @Min(1) int requestsPerMinute,
                                  @DefaultValue("100") @Min(1) int burst) {
}
