package org.carecircle.contracts.kafka;

import org.carecircle.contracts.Topic;

/**
 * Resolved topic names for this environment. Listeners refer to it by bean name, e.g.
 * {@code @KafkaListener(topics = "#{@topics.visitOrders}")}.
 */
public final class Topics {
    private final String prefix;

    public Topics(String prefix) {
        this.prefix = prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.baseName();
    }

    public String deadLetter(Topic topic) {
        return name(topic) + Topic.DEAD_LETTER_SUFFIX;
    }

    public String getVisitOrders() {
        return name(Topic.VISIT_ORDERS);
    }

    public String getVisitDispatch() {
        return name(Topic.VISIT_DISPATCH);
    }

    public String getOfferResponses() {
        return name(Topic.OFFER_RESPONSES);
    }

    public String getProviderAvailability() {
        return name(Topic.PROVIDER_AVAILABILITY);
    }

    public String getProviderRegistry() {
        return name(Topic.PROVIDER_REGISTRY);
    }

    public String getVisitProgress() {
        return name(Topic.VISIT_PROGRESS);
    }

    public String getProviderAlarms() {
        return name(Topic.PROVIDER_ALARMS);
    }

    public String getOrderAudit() {
        return name(Topic.ORDER_AUDIT);
    }

    public String getCarePlans() {
        return name(Topic.CARE_PLANS);
    }
}
