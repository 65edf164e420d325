package org.carecircle.intake.order;

import jakarta.validation.constraints.Size;

/** Optional body of {@code POST /orders/{id}/cancel}. */
public record CancelOrderRequest(@Size(max = 200) String reason) {
}
