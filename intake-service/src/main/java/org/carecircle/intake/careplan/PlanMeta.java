package org.carecircle.intake.careplan;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.intake.order.domain.OrganizationKind;

import java.time.LocalDate;

/** What the series' orders need besides the plan: who ordered, for whom, where (sealed), preferences. */
record PlanMeta(String organizationId, OrganizationKind kind, String district, String patientRef, Priority priority,
                double lat, double lon, SealedDetails details, PatientPreferences preferences,
                LocalDate firstVisitAssessedOn) {
}
