package org.carecircle.contracts;

import org.carecircle.contracts.events.AuditRecorded;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.CarePlanChanged;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;

import java.util.List;

/**
 * The one registry of CareCircle's topics: name, key, the event types it carries, and whether it is compacted.
 * Partition counts come from configuration ({@code carecircle.kafka.partitions}); an environment prefix may be
 * put in front of every name ({@code carecircle.kafka.topic-prefix}).
 *
 * <h2>Why visit events are keyed by area</h2>
 * Every event about a visit order is keyed by the order's area key (a geohash cell of the home, see
 * {@link AreaKey}). Kafka keeps order only within a partition, so one key per order is needed for an order's
 * events to stay in order; choosing the <em>area</em> as that key also sends all orders of one area to the same
 * partition, hence to the same dispatch instance, which sees that area's demand together (for batching) and
 * rarely races another instance for the same nearby providers. Correctness never depends on it: provider
 * reservations are atomic in Redis. The area is coarse (about 5 km × 5 km at precision 5), so the key reveals no
 * address. Provider events are keyed by provider id so one provider's events stay in order.
 */
public enum Topic {
    /** Orders and their cancellation, from intake-service. Key: area key. */
    VISIT_ORDERS("visit-orders", "area key of the home", false, List.of(VisitRequested.class, VisitCancelled.class)),
    /** Dispatch decisions, from dispatch-service. Key: area key. */
    VISIT_DISPATCH("visit-dispatch", "area key of the home", false,
            List.of(VisitOffered.class, OfferWithdrawn.class, VisitQueued.class, VisitAssigned.class,
                    VisitEscalated.class, VisitSlaBreached.class)),
    /** Answers to offers, from provider-service. Key: area key. */
    OFFER_RESPONSES("offer-responses", "area key of the home", false,
            List.of(OfferAccepted.class, OfferDeclined.class)),
    /** Availability changes of providers, from provider-service. Key: provider id. */
    PROVIDER_AVAILABILITY("provider-availability", "provider id", false,
            List.of(ProviderAvailabilityChanged.class)),
    /** The provider registry as a compacted log: the latest record per provider id. Key: provider id. */
    PROVIDER_REGISTRY("provider-registry", "provider id", true, List.of(ProviderRegistered.class)),
    /** The visit on the ground — en route, checked in, completed or not done — from provider-service. Key: area key. */
    VISIT_PROGRESS("visit-progress", "area key of the home", false,
            List.of(VisitEnRoute.class, VisitCheckedIn.class, VisitCompleted.class, VisitNotDone.class)),
    /** One-key alarms (SOS) of providers in the field, from provider-service. Key: provider id. */
    PROVIDER_ALARMS("provider-alarms", "provider id", false, List.of(ProviderAlarm.class)),
    /** Who read or changed which order, from intake-service. Key: order id. */
    ORDER_AUDIT("order-audit", "order id", false, List.of(AuditRecorded.class)),
    /**
     * Care plans as a compacted log, from intake-service. Key: series id — a series' changes stay in order, and
     * since each event holds the whole plan, the latest record per series (all compaction keeps) is the plan.
     */
    CARE_PLANS("care-plans", "series id", true, List.of(CarePlanChanged.class));

    /** Suffix of every topic's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private final String baseName;
    private final String key;
    private final boolean compacted;
    private final List<Class<? extends CareEvent>> eventTypes;

    Topic(String baseName, String key, boolean compacted, List<Class<? extends CareEvent>> eventTypes) {
        this.baseName = baseName;
        this.key = key;
        this.compacted = compacted;
        this.eventTypes = eventTypes;
    }

    /** Kebab-case name without any environment prefix. */
    public String baseName() {
        return baseName;
    }

    /** What the message key is. */
    public String key() {
        return key;
    }

    public boolean compacted() {
        return compacted;
    }

    public List<Class<? extends CareEvent>> eventTypes() {
        return eventTypes;
    }

    /** The topic an event of this type is published to. */
    public static Topic of(CareEvent event) {
        for (Topic topic : values()) {
            if (topic.eventTypes.contains(event.getClass())) {
                return topic;
            }
        }
        throw new IllegalArgumentException("No topic carries " + event.getClass().getSimpleName());
    }
}
