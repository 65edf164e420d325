package org.carecircle.intake.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param areaPrecision         geohash precision of an order's area key (5 ≈ 4.9 km cells)
 * @param idempotencyTtl        how long an Idempotency-Key is remembered
 * @param idempotencyStaleAfter a request still pending after this long was abandoned and may be taken over
 * @param kafkaRetryAfter       Retry-After sent with 503 when Kafka did not acknowledge
 */
@Validated
@ConfigurationProperties("carecircle.intake")
public record IntakeProperties(@Min(1) @Max(12) int areaPrecision, @NotNull Duration idempotencyTtl,
                               @NotNull Duration idempotencyStaleAfter, @NotNull Duration kafkaRetryAfter) {
}
