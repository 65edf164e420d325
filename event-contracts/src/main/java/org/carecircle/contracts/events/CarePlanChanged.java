package org.carecircle.contracts.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A care plan (a series of visits) was created, paused, resumed, changed from a date or ended (compacted topic
 * {@code care-plans}, keyed by series id, producer intake-service). Each event holds the <em>whole</em> plan after
 * the change, so the latest record per series is the plan: compaction keeps exactly what is needed to rebuild it.
 * Personal data is the minimum: the patient only as the orderer's pseudonymous reference, the address and notes
 * sealed with the series id as associated data; no name, no diagnosis.
 *
 * @param seriesId             the series; orders of its occurrences carry it ({@link VisitRequested#seriesId()})
 * @param action               what this change was: CREATED, PAUSED, RESUMED, CHANGED or ENDED
 * @param requester            the ordering organization and its district
 * @param priority             the priority of each occurrence's order
 * @param patientRef           pseudonymous patient reference issued by the ordering organization
 * @param home                 where the visits take place (each occurrence's order carries it too)
 * @param details              address and notes, sealed with the series id as associated data
 * @param preferences          what the patient asked for about their provider (optional)
 * @param firstVisitAssessedOn the patient's first-visit assessment (首诊) on the orderer's record, if any
 * @param startDate            the series' first day
 * @param segments             what recurs, each from its date until the next segment's
 * @param pauses               periods without visits ({@code until} null: until resumed)
 * @param endDate              the last day (inclusive), or {@code null} while open
 * @param endReason            why it was ended, in the orderer's words, or {@code null}
 */
public record CarePlanChanged(String eventId, int schemaVersion, Instant occurredAt, String seriesId, String action,
                              Requester requester, String serviceCode, String priority, String patientRef,
                              GeoPoint home, SealedDetails details, PatientPreferences preferences,
                              LocalDate firstVisitAssessedOn, LocalDate startDate, List<Segment> segments,
                              List<Pause> pauses, LocalDate endDate, String endReason) implements CareEvent {
    public static final String TYPE = "care-plan-changed";
    public static final int SCHEMA_VERSION = 1;

    public CarePlanChanged {
        segments = List.copyOf(segments);
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    /** One series per key: its changes stay in order, and compaction keeps its latest. */
    @Override
    public String messageKey() {
        return seriesId;
    }

    /**
     * A recurrence with its daily window (local time of the district), from {@code from} on.
     *
     * @param kind     LTC (by assessment level), FAMILY_BED (every {@code everyDays} days) or WEEKLY (on {@code weekday})
     * @param weekday  MONDAY … SUNDAY, or {@code null}
     */
    public record Segment(LocalDate from, String kind, Integer ltcLevel, Integer everyDays, String weekday,
                          LocalTime earliestStart, LocalTime latestStart) {
    }

    /** No visits from {@code from} until {@code until} (exclusive; {@code null}: until resumed). */
    public record Pause(LocalDate from, LocalDate until, String reason) {
    }
}
