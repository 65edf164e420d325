package org.carecircle.dispatch;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.live.LiveProviders;
import org.carecircle.live.Registration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts providers into the live store the way provider-service does (a registration, a shift, a heartbeat, through
 * the live store's facade), so that dispatch can be tested alone against real Redis. The end-to-end tests use the
 * real provider-service.
 */
public record LivePresence(LiveProviders live) {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Registrations must be newer than the one stored: each gets the next millisecond. */
    private static final AtomicLong REGISTERED_AT = new AtomicLong(System.currentTimeMillis());

    /** A senior nurse and physician's credentials, all valid for a year: passes every gate. */
    public static ProviderProfile qualified(int maxVisitsPerDay) {
        LocalDate valid = LocalDate.now().plusYears(1);
        return new ProviderProfile("主管护师", 10, List.of(new ProviderProfile.Credential("NURSE_LICENCE", valid),
                new ProviderProfile.Credential("PICC_CERTIFICATE", valid),
                new ProviderProfile.Credential("PHYSICIAN_LICENCE", valid)), List.of(), "FEMALE", List.of("zh-Hans"),
                maxVisitsPerDay);
    }

    public void available(String providerId, String organizationId, List<String> qualifications, String mode,
                   double lat, double lon) {
        available(providerId, organizationId, qualifications, mode, lat, lon, qualified(0));
    }

    /** Registered (with their base where they are now), on shift, and located with a fresh heartbeat. */
    public void available(String providerId, String organizationId, List<String> qualifications, String mode,
                   double lat, double lon, ProviderProfile profile) {
        register(new Registration(providerId, null, organizationId, "NURSE", qualifications, mode, "测**",
                JSON.writeValueAsString(profile), profile.maxVisitsPerDay(), new GeoPoint(lat, lon)));
        live.shift(providerId, true);
        live.heartbeat(providerId, new GeoPoint(lat, lon), 10, Duration.ofMinutes(10), 200);
    }

    /** Moves where the provider's working day starts, as a new registration does. */
    public void base(String providerId, List<String> qualifications, String mode, double lat, double lon) {
        Registration r = live.registration(providerId).orElseThrow();
        register(new Registration(providerId, null, r.organizationId(), r.role(), qualifications, mode,
                r.displayName(), r.profileJson(), r.maxDaily(), new GeoPoint(lat, lon)));
    }

    /** Sets the provider's daily limit of assignments, as their registration would. */
    public void dailyLimit(String providerId, int limit) {
        Registration r = live.registration(providerId).orElseThrow();
        register(new Registration(providerId, null, r.organizationId(), r.role(), r.qualifications(), r.travelMode(),
                r.displayName(), JSON.writeValueAsString(qualified(limit)), limit, r.base()));
    }

    public String hold(String providerId) {
        return live.facts(providerId, LocalDate.now(), Instant.now()).orElseThrow().hold();
    }

    private void register(Registration r) {
        live.register(new Registration(r.providerId(), Instant.ofEpochMilli(REGISTERED_AT.incrementAndGet()),
                r.organizationId(), r.role(), r.qualifications(), r.travelMode(), r.displayName(), r.profileJson(),
                r.maxDaily(), r.base()));
    }

    /** A point {@code meters} north of (lat, lon). */
    public static double north(double lat, double meters) {
        return lat + meters / 111_320.0;
    }
}
