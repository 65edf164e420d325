package org.carecircle.intake.order.domain;

import org.carecircle.contracts.events.VisitRecord;

import java.util.List;

/**
 * What intake knows of an order: as placed, its status, its assignment, its timeline and, once done, its
 * electronic visit record with the clinical part opened for the orderer.
 */
public record OrderView(VisitOrder order, OrderStatus status, Assignment assignment, List<TimelineEntry> timeline,
                        VisitRecord record, String clinical) {

    /** Who was assigned; {@code null} fields until then. {@code team}: everyone assigned (both of a pair). */
    public record Assignment(String providerId, String organizationId, Integer etaMinutes, List<String> team) {
    }
}
