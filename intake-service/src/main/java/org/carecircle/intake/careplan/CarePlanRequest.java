package org.carecircle.intake.careplan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.intake.careplan.domain.Recurrence;
import org.carecircle.intake.order.CreateOrderRequest;

import java.time.LocalDate;
import java.time.LocalTime;

/** Body of {@code POST /care-plans}: who, what, where, how often, from when, in which daily window. */
public record CarePlanRequest(
        @NotNull @Valid CreateOrderRequest.RequesterDto requester,
        @NotBlank @Size(max = 64) String serviceCode,
        Priority priority,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+",
                message = "must be a pseudonymous reference (letters, digits, . _ : -), never a name or ID number")
        String patientRef,
        @NotNull @Valid CreateOrderRequest.LocationDto location,
        @Size(max = 2000) String notes,
        @Valid CreateOrderRequest.PreferencesDto preferences,
        @PastOrPresent LocalDate firstVisitAssessedOn,
        @NotNull @Valid RecurrenceDto recurrence,
        @NotNull LocalDate startDate,
        LocalDate endDate,
        @NotNull @Valid WindowDto window) {

    public record RecurrenceDto(@NotNull Recurrence.Kind kind, Integer ltcLevel, Integer everyDays,
                                java.time.DayOfWeek weekday) {
        Recurrence toDomain() {
            return new Recurrence(kind, ltcLevel, everyDays, weekday);
        }
    }

    /** The daily window, local time of the district: earliest and latest start. */
    public record WindowDto(@NotNull LocalTime earliestStart, @NotNull LocalTime latestStart) {
    }

    public record Pause(@NotNull LocalDate from, @NotBlank @Size(max = 500) String reason) {
    }

    public record Resume(@NotNull LocalDate on) {
    }

    public record Change(@NotNull LocalDate from, @NotNull @Valid RecurrenceDto recurrence, @NotNull @Valid WindowDto window) {
    }

    public record End(@NotNull LocalDate lastDay, @NotBlank @Size(max = 500) String reason) {
    }
}
