package org.carecircle.dispatch.matching;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Who last served a patient (by pseudonymous reference), for continuity of care: {@code cc:dispatch:last-provider:<ref>},
 * kept 180 days. Rebuildable from {@code visit-progress}.
 */
@Component
class CareHistory {
    private static final Duration KEEP = Duration.ofDays(180);
    private final StringRedisTemplate redis;

    CareHistory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    String lastProvider(String patientRef) {
        return patientRef == null ? null : redis.opsForValue().get(key(patientRef));
    }

    void served(String patientRef, String providerId) {
        if (patientRef != null) {
            redis.opsForValue().set(key(patientRef), providerId, KEEP);
        }
    }

    private static String key(String patientRef) {
        return "cc:dispatch:last-provider:" + patientRef;
    }
}
