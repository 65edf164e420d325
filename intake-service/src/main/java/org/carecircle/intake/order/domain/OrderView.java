package org.carecircle.intake.order.domain;

import java.util.List;

/** What intake knows of an order: as placed, its status, its assignment and its timeline. */
public record OrderView(VisitOrder order, OrderStatus status, Assignment assignment, List<TimelineEntry> timeline) {

    /** Who was assigned; {@code null} fields until then. */
    public record Assignment(String providerId, String organizationId, Integer etaMinutes) {
    }
}
