package org.carecircle.provider.registry;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;

import java.util.List;

/**
 * A registered provider. Only a masked display name is kept: the platform never needs a provider's full name.
 *
 * @param base where their working day starts (station or health center), or null
 */
public record Provider(String providerId, String organizationId, String displayName, String role,
                       List<String> qualifications, TravelMode travelMode, ProviderProfile profile, GeoPoint base) {

    public Provider {
        qualifications = List.copyOf(qualifications);
        profile = profile == null ? ProviderProfile.unspecified() : profile;
    }

    /** "王小明" → "王**", "Li Lei" → "L*****". */
    public static String mask(String name) {
        String trimmed = name.strip();
        int first = trimmed.offsetByCodePoints(0, 1);
        return trimmed.substring(0, first) + "*".repeat(Math.max(1, trimmed.codePointCount(first, trimmed.length())));
    }
}
