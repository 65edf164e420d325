package org.carecircle.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * Every event CareCircle publishes. On the wire each is a JSON object whose {@code type} property names
 * the event (see {@code carecircle/schemas/*.schema.json} and {@code carecircle/asyncapi.yaml}).
 *
 * <p>Every event carries a unique {@link #eventId()} (consumers use it to ignore re-deliveries), the
 * {@link #schemaVersion()} of its payload and the instant it {@link #occurredAt() occurred}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = VisitRequested.class, name = VisitRequested.TYPE),
        @JsonSubTypes.Type(value = VisitCancelled.class, name = VisitCancelled.TYPE),
        @JsonSubTypes.Type(value = VisitOffered.class, name = VisitOffered.TYPE),
        @JsonSubTypes.Type(value = OfferWithdrawn.class, name = OfferWithdrawn.TYPE),
        @JsonSubTypes.Type(value = VisitQueued.class, name = VisitQueued.TYPE),
        @JsonSubTypes.Type(value = VisitAssigned.class, name = VisitAssigned.TYPE),
        @JsonSubTypes.Type(value = OfferAccepted.class, name = OfferAccepted.TYPE),
        @JsonSubTypes.Type(value = OfferDeclined.class, name = OfferDeclined.TYPE),
        @JsonSubTypes.Type(value = ProviderRegistered.class, name = ProviderRegistered.TYPE),
        @JsonSubTypes.Type(value = ProviderAvailabilityChanged.class, name = ProviderAvailabilityChanged.TYPE),
        @JsonSubTypes.Type(value = AuditRecorded.class, name = AuditRecorded.TYPE),
        @JsonSubTypes.Type(value = VisitEnRoute.class, name = VisitEnRoute.TYPE),
        @JsonSubTypes.Type(value = VisitCheckedIn.class, name = VisitCheckedIn.TYPE),
        @JsonSubTypes.Type(value = VisitCompleted.class, name = VisitCompleted.TYPE),
        @JsonSubTypes.Type(value = VisitNotDone.class, name = VisitNotDone.TYPE),
        @JsonSubTypes.Type(value = ProviderAlarm.class, name = ProviderAlarm.TYPE),
        @JsonSubTypes.Type(value = VisitEscalated.class, name = VisitEscalated.TYPE),
        @JsonSubTypes.Type(value = VisitSlaBreached.class, name = VisitSlaBreached.TYPE),
        @JsonSubTypes.Type(value = CarePlanChanged.class, name = CarePlanChanged.TYPE),
})
public sealed interface CareEvent permits VisitEvent, ProviderEvent, AuditRecorded, CarePlanChanged {

    /** Unique id of this event; a re-delivery carries the same id. */
    String eventId();

    /** Version of this event type's payload schema. */
    int schemaVersion();

    Instant occurredAt();

    /** The Kafka message key: see {@link org.carecircle.contracts.Topic} for why. */
    String messageKey();

    /** The value of the {@code type} property on the wire. */
    default String type() {
        return JsonTypeNameLookup.INSTANCE.nameOf(getClass());
    }
}
