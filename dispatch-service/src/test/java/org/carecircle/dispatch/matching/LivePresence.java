package org.carecircle.dispatch.matching;

import org.carecircle.contracts.LiveKeys;
import org.carecircle.contracts.events.ProviderProfile;
import org.springframework.data.geo.Point;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;

import java.util.List;
import java.util.Map;

/**
 * Puts providers into the live store the way provider-service does (registry hash, heartbeat, geo sets), so that
 * dispatch can be tested alone against real Redis. The end-to-end tests use the real provider-service.
 */
record LivePresence(StringRedisTemplate redis) {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A senior nurse and physician's credentials, all valid for a year: passes every gate. */
    static ProviderProfile qualified(int maxVisitsPerDay) {
        LocalDate valid = LocalDate.now().plusYears(1);
        return new ProviderProfile("主管护师", 10, List.of(new ProviderProfile.Credential("NURSE_LICENCE", valid),
                new ProviderProfile.Credential("PICC_CERTIFICATE", valid),
                new ProviderProfile.Credential("PHYSICIAN_LICENCE", valid)), List.of(), "FEMALE", List.of("zh-Hans"),
                maxVisitsPerDay);
    }

    void available(String providerId, String organizationId, List<String> qualifications, String mode,
                   double lat, double lon) {
        available(providerId, organizationId, qualifications, mode, lat, lon, qualified(0));
    }

    void available(String providerId, String organizationId, List<String> qualifications, String mode,
                   double lat, double lon, ProviderProfile profile) {
        redis.opsForHash().putAll(LiveKeys.provider(providerId), Map.of("profile", JSON.writeValueAsString(profile),
                LiveKeys.ProviderField.MAX_DAILY, String.valueOf(profile.maxVisitsPerDay())));
        List<String> geoKeys = qualifications.stream().map(q -> LiveKeys.geo(q, mode)).toList();
        redis.opsForHash().putAll(LiveKeys.provider(providerId), Map.of(
                LiveKeys.ProviderField.ORGANIZATION, organizationId,
                LiveKeys.ProviderField.QUALIFICATIONS, String.join(",", qualifications),
                LiveKeys.ProviderField.TRAVEL_MODE, mode,
                LiveKeys.ProviderField.GEO_KEYS, String.join(",", geoKeys),
                LiveKeys.ProviderField.ON_DUTY, "1",
                LiveKeys.ProviderField.LAT, String.valueOf(lat),
                LiveKeys.ProviderField.LON, String.valueOf(lon)));
        redis.opsForZSet().add(LiveKeys.HEARTBEATS, providerId, System.currentTimeMillis() + 600_000);
        geoKeys.forEach(key -> redis.opsForGeo().add(key, new Point(lon, lat), providerId));
        base(providerId, qualifications, mode, lat, lon);
    }

    /** Registers where the provider's working day starts, as provider-service does from their registration. */
    void base(String providerId, List<String> qualifications, String mode, double lat, double lon) {
        String old = (String) redis.opsForHash().get(LiveKeys.provider(providerId), LiveKeys.ProviderField.BASE_KEYS);
        if (old != null) {
            for (String key : old.split(",")) {
                redis.opsForZSet().remove(key, providerId);
            }
        }
        List<String> baseKeys = qualifications.stream().map(q -> LiveKeys.base(q, mode)).toList();
        redis.opsForHash().putAll(LiveKeys.provider(providerId), Map.of(
                LiveKeys.ProviderField.BASE_KEYS, String.join(",", baseKeys),
                LiveKeys.ProviderField.BASE_LAT, String.valueOf(lat), LiveKeys.ProviderField.BASE_LON, String.valueOf(lon)));
        baseKeys.forEach(key -> redis.opsForGeo().add(key, new Point(lon, lat), providerId));
    }

    /** Sets the provider's daily limit of assignments, as their registration would. */
    void dailyLimit(String providerId, int limit) {
        redis.opsForHash().putAll(LiveKeys.provider(providerId), Map.of(LiveKeys.ProviderField.MAX_DAILY,
                String.valueOf(limit), "profile", JSON.writeValueAsString(qualified(limit))));
    }

    String hold(String providerId) {
        return redis.opsForValue().get(LiveKeys.hold(providerId));
    }

    /** A point {@code meters} north of (lat, lon). */
    static double north(double lat, double meters) {
        return lat + meters / 111_320.0;
    }
}
