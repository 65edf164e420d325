package org.carecircle.contracts.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The electronic visit record with its six elements — service, patient, provider, date, location, start and end
 * time — plus what was done. Clinical content (vital signs, notes) is sealed like an order's details.
 *
 * @param date               service date in the district's time zone
 * @param areaKey            where (coarse); the visit was verified at the home by check-in
 * @param checkInDistanceMeters how far from the home the provider checked in
 * @param itemsDone          catalogue or care-plan item codes performed
 * @param clinical           vital signs and notes, sealed; {@code null} when none were taken
 * @param suggestedNextVisit the provider's suggestion, if any
 */
public record VisitRecord(String serviceCode, String patientRef, String providerId, LocalDate date, String areaKey,
                          int checkInDistanceMeters, Instant startedAt, Instant endedAt, List<String> itemsDone,
                          SealedDetails clinical, LocalDate suggestedNextVisit) {
    public VisitRecord {
        itemsDone = List.copyOf(itemsDone);
    }
}
