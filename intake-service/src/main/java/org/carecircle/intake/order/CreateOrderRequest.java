package org.carecircle.intake.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.edge.Ids;
import org.carecircle.intake.order.domain.OrganizationKind;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /orders}.
 *
 * @param firstVisitAssessedOn the date of the patient's first-visit assessment (首诊) on the orderer's record, if
 *                             any; without it (and without one done through the platform) medical and nursing
 *                             services wait for a {@code MED_FIRST_VISIT_ASSESS} visit
 */
public record CreateOrderRequest(
        @NotNull @Valid RequesterDto requester,
        @NotBlank @Size(max = 64) String serviceCode,
        Priority priority,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+",
                message = "must be a pseudonymous reference (letters, digits, . _ : -), never a name or ID number")
        String patientRef,
        @NotNull @Valid LocationDto location,
        @Valid WindowDto window,
        @Size(max = 2000) String notes,
        @Valid PreferencesDto preferences,
        @PastOrPresent(message = "must be the date of an assessment already done") LocalDate firstVisitAssessedOn) {

    /** What the patient asked for about their provider. */
    public record PreferencesDto(@Pattern(regexp = "FEMALE|MALE") String providerGender,
                                 @Size(max = 20) List<@Pattern(regexp = Ids.PATTERN) String> blockedProviders) {
    }

    public record RequesterDto(@NotBlank @Size(max = 64) String organizationId, @NotNull OrganizationKind kind) {
    }

    public record LocationDto(
            @NotNull @DecimalMin("-90.0") @DecimalMax("90.0") Double lat,
            @NotNull @DecimalMin("-180.0") @DecimalMax("180.0") Double lon,
            @NotBlank @Size(max = 300) String address) {
    }

    public record WindowDto(Instant earliestStart, Instant latestStart) {
        @AssertTrue(message = "latestStart must not be before earliestStart")
        public boolean isOrdered() {
            return earliestStart == null || latestStart == null || !latestStart.isBefore(earliestStart);
        }
    }
}
