package org.carecircle.contracts.events;

import java.util.List;

/**
 * What the patient (or their family) asked for, as the ordering organization recorded it.
 *
 * @param providerGender   FEMALE or MALE when the patient asked for a provider of that gender (e.g. for personal
 *                         care), else {@code null}
 * @param blockedProviders providers the patient does not want again
 */
public record PatientPreferences(String providerGender, List<String> blockedProviders) {
    public PatientPreferences {
        blockedProviders = blockedProviders == null ? List.of() : List.copyOf(blockedProviders);
    }

    public static PatientPreferences none() {
        return new PatientPreferences(null, List.of());
    }
}
