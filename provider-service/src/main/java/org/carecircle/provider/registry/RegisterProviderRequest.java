package org.carecircle.provider.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Body of {@code PUT /providers/{providerId}}. The name is masked before it is stored or published. */
public record RegisterProviderRequest(
        @NotBlank @Size(max = 64) String organizationId,
        @NotBlank @Size(max = 64) String name,
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Z_]+") String role,
        @NotEmpty @Size(max = 20) List<@NotBlank @Pattern(regexp = "[A-Z_]+") String> qualifications,
        @NotNull TravelMode travelMode) {
}
