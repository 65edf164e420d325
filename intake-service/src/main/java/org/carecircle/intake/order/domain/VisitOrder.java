package org.carecircle.intake.order.domain;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.events.PatientPreferences;

import java.time.Instant;

/**
 * A home-visit order as the ordering organization placed it.
 *
 * @param patientRef pseudonymous reference issued by the ordering organization
 * @param areaKey    coarse area (geohash cell) of the home
 * @param seriesId   the care plan series it is an occurrence of, or {@code null}
 */
public record VisitOrder(String orderId, Requester requester, String serviceCode, Priority priority,
                         String patientRef, Location location, Window window, String notes, String areaKey,
                         Instant createdAt, PatientPreferences preferences, java.time.LocalDate firstVisitAssessedOn,
                         String seriesId) {

    /** @param district the district whose supervisors oversee the order (from the orderer's credentials) */
    public record Requester(String organizationId, OrganizationKind kind, String district) {
    }

    public record Location(double lat, double lon, String address) {
    }

    public record Window(Instant earliestStart, Instant latestStart) {
    }
}
