package org.carecircle.dispatch.visit.domain;

import java.time.Instant;

/** The offer a visit currently has out. */
public record Offer(String offerId, Candidate candidate, Instant offeredAt, Instant expiresAt) {
    public String providerId() {
        return candidate.providerId();
    }
}
