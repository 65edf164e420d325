package org.carecircle.contracts.events;

/**
 * The personal part of an order: the exact address and free-text notes. Only the ordering organization and,
 * after acceptance, the assigned provider may read it; it never appears in offers, lists or logs, and travels on
 * Kafka only as {@link SealedDetails}.
 */
public record VisitDetails(String address, String notes) {
    @Override
    public String toString() {
        return "VisitDetails[redacted]";
    }
}
