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
 * @param idempotencyKeyHash SHA-256 (hex) of the orderer's {@code Idempotency-Key}, if the request had one: with
 *                    {@code requestHash}, what lets intake rebuild its idempotency records after a Redis loss
 *                    (since version 4; the key itself is the client's and stays off the log)
 * @param requestHash SHA-256 (hex) of the request the key stands for
 */
public record VisitRequested(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                             Requester requester, String serviceCode, String priority, String patientRef,
                             GeoPoint home, TimeWindow window, SealedDetails details,
                             PatientPreferences preferences, java.time.LocalDate firstVisitAssessedOn,
                             String seriesId, String idempotencyKeyHash, String requestHash)
        implements VisitEvent {
    public static final String TYPE = "visit-requested";
    public static final int SCHEMA_VERSION = 4;

    /** An order without an Idempotency-Key (or from before version 4). */
    public VisitRequested(String eventId, int schemaVersion, Instant occurredAt, String orderId, String areaKey,
                          Requester requester, String serviceCode, String priority, String patientRef, GeoPoint home,
                          TimeWindow window, SealedDetails details, PatientPreferences preferences,
                          java.time.LocalDate firstVisitAssessedOn, String seriesId) {
        this(eventId, schemaVersion, occurredAt, orderId, areaKey, requester, serviceCode, priority, patientRef, home,
                window, details, preferences, firstVisitAssessedOn, seriesId, null, null);
    }
}
