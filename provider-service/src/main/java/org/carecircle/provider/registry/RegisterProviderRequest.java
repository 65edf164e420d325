package org.carecircle.provider.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code PUT /providers/{providerId}}. The name is masked before it is stored or published. */
public record RegisterProviderRequest(
        @NotBlank @Size(max = 64) String organizationId,
        @NotBlank @Size(max = 64) String name,
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Z_]+") String role,
        @NotEmpty @Size(max = 20) List<@NotBlank @Pattern(regexp = "[A-Z_]+") String> qualifications,
        @NotNull TravelMode travelMode,
        @Valid ProfileRequest profile,
        @Valid BaseRequest base) {

    /**
     * Where the provider's working day starts: their station or health center — a workplace, never a home. Planned
     * visits are matched against it hours ahead of their window; without one a provider gets only work of now.
     */
    public record BaseRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                              @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }

    /** Optional registry details; see {@code ProviderProfile}. */
    public record ProfileRequest(
            @Size(max = 32) String title,
            @Min(0) @Max(70) int yearsOfPractice,
            @Size(max = 20) List<@Valid CredentialRequest> credentials,
            @Size(max = 50) List<@Pattern(regexp = "[A-Za-z0-9_-]{1,32}") String> serviceArea,
            @Pattern(regexp = "FEMALE|MALE") String gender,
            @Size(max = 10) List<@Pattern(regexp = "[A-Za-z-]{2,16}") String> languages,
            @Min(0) @Max(50) int maxVisitsPerDay) {
    }

    public record CredentialRequest(@NotBlank @Pattern(regexp = "[A-Z_]{2,40}") String type, @NotNull LocalDate validUntil) {
    }
}
