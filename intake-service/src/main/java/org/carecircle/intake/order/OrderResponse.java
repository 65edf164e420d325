package org.carecircle.intake.order;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.intake.order.domain.OrderStatus;
import org.carecircle.intake.order.domain.OrganizationKind;

import org.carecircle.contracts.events.PatientPreferences;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An order as its orderer sees it. */
public record OrderResponse(String orderId, OrderStatus status, String serviceCode, Priority priority,
                            Requester requester, String patientRef, Location location, Window window, String notes,
                            String areaKey, Instant createdAt, Assignment assignment, List<Timeline> timeline,
                            Record record, PatientPreferences preferences, java.time.LocalDate firstVisitAssessedOn,
                            String seriesId) {

    public record Requester(String organizationId, OrganizationKind kind, String district) {
    }

    public record Location(double lat, double lon, String address) {
    }

    public record Window(Instant earliestStart, Instant latestStart) {
    }

    public record Assignment(String providerId, String organizationId, Integer etaMinutes, List<String> team) {
    }

    public record Timeline(Instant at, String type, String summary) {
    }

    /** The electronic visit record: service, patient, provider, date, location, start and end, and what was done. */
    public record Record(String serviceCode, String patientRef, String providerId, LocalDate date, String areaKey,
                         int checkInDistanceMeters, Instant startedAt, Instant endedAt, List<String> itemsDone,
                         String clinical, LocalDate suggestedNextVisit) {
    }
}
