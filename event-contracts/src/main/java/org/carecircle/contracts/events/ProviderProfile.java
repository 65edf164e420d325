package org.carecircle.contracts.events;

import java.time.LocalDate;
import java.util.List;

/**
 * What the registry knows of a provider beyond their role: title, experience, credentials with expiry (checked
 * at the time of a visit), service area, and what patients may ask for (gender, languages), and their capacity.
 * Credential numbers stay with the organization; only type and validity are shared.
 *
 * @param title           e.g. 护士, 护师, 主管护师, 医师, 主治医师, 养老护理员
 * @param serviceArea     sub-district or area codes the provider serves (empty: anywhere in reach)
 * @param gender          FEMALE, MALE or {@code null}
 * @param languages       e.g. zh-Hans, yue, wuu, en
 * @param maxVisitsPerDay daily limit of assignments, 0 = no limit
 */
public record ProviderProfile(String title, int yearsOfPractice, List<Credential> credentials,
                              List<String> serviceArea, String gender, List<String> languages, int maxVisitsPerDay) {

    public ProviderProfile {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        serviceArea = serviceArea == null ? List.of() : List.copyOf(serviceArea);
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    public static ProviderProfile unspecified() {
        return new ProviderProfile(null, 0, List.of(), List.of(), null, List.of(), 0);
    }

    /** @param type e.g. NURSE_LICENCE, PHYSICIAN_LICENCE, PICC_CERTIFICATE, CARE_WORKER_CERTIFICATE */
    public record Credential(String type, LocalDate validUntil) {
    }
}
