package org.carecircle.dispatch.candidates;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Who last served a patient (by pseudonymous reference), for continuity of care: {@code cc:{dispatch}:last-provider:<ref>},
 * kept 180 days; and whether the patient's first-visit assessment was done through the platform:
 * {@code cc:{dispatch}:assessed:<ref>} (the date), kept two years. Both rebuildable from {@code visit-progress}.
 */
@Component
public class CareHistory {
    private static final Duration KEEP = Duration.ofDays(180);
    private static final Duration ASSESSMENT_KEEP = Duration.ofDays(730);
    private static final String ASSESSED = "cc:{dispatch}:assessed:";
    private final StringRedisTemplate redis;

    CareHistory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public String lastProvider(String patientRef) {
        return patientRef == null ? null : redis.opsForValue().get(key(patientRef));
    }

    public void served(String patientRef, String providerId) {
        if (patientRef != null) {
            redis.opsForValue().set(key(patientRef), providerId, KEEP);
        }
    }

    public boolean assessed(String patientRef) {
        return patientRef != null && Boolean.TRUE.equals(redis.hasKey(ASSESSED + patientRef));
    }

    public void assessedOn(String patientRef, java.time.LocalDate date) {
        if (patientRef != null) {
            redis.opsForValue().set(ASSESSED + patientRef, date.toString(), ASSESSMENT_KEEP);
        }
    }

    private static String key(String patientRef) {
        return "cc:{dispatch}:last-provider:" + patientRef;
    }
}
