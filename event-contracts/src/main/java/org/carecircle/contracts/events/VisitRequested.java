package org.carecircle.contracts.events;

import java.time.Instant;

/**
 * An organization ordered a home visit (topic {@code visit-orders}, producer intake-service).
 *
 * @param patientRef pseudonymous patient reference issued by the ordering organization; never a name or ID number
 * @param home       where the visit takes place; needed to find providers inside the 15-minute circle
 * @param window     optional time window
 * @param details    address and notes, encrypted: see {@link SealedDetails}; never in clear on Kafka
 * @param preferences what the patient asked for about their provider (optional)
 * @param firstVisitAssessedOn the date of the patient's first-visit assessment (首诊) on the orderer's record, if
 *                    any; medical and nursing services for a patient without one wait for the assessment
 * @param seriesId    the care plan's series this visit is an occurrence of, if any
 */
public record VisitRequested(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             Requester requester, String serviceCode, String priority, String patientRef,
                             GeoPoint home, TimeWindow window, SealedDetails details,
                             PatientPreferences preferences, java.time.LocalDate firstVisitAssessedOn,
                             String seriesId)
        implements VisitEvent {
    public static final String TYPE = "visit-requested";
    public static final int SCHEMA_VERSION = 3;
}
