package org.carecircle.provider.visits;

import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The provider's steps at an assigned visit: en route, check-in at the door (verified against the home's
 * location, GPS accuracy taken into account), check-out with the service record, or not done at the door; and
 * the one-key alarm. Each step is an event on {@code visit-progress} (or {@code provider-alarms}).
 */
@Service
public class VisitLifecycle {
    private final AssignedVisits visits;
    private final EventPublisher publisher;
    private final DetailsCipher cipher;
    private final JsonMapper json;
    private final VisitProperties properties;
    private final Clock clock;

    VisitLifecycle(AssignedVisits visits, EventPublisher publisher, DetailsCipher cipher, JsonMapper json,
                   VisitProperties properties, Clock clock) {
        this.visits = visits;
        this.publisher = publisher;
        this.cipher = cipher;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param checkInRadius     a check-in counts within this distance of the home ...
     * @param maxAccuracyCredit ... plus the reported GPS accuracy, up to this much
     * @param zone              the district's time zone (the record's service date)
     */
    @ConfigurationProperties("carecircle.visits")
    public record VisitProperties(int checkInRadius, int maxAccuracyCredit, ZoneId zone) {
    }

    /** A position reported by the provider's device. */
    public record Position(double lat, double lon, int accuracyMeters) {
    }

    /** What the provider records at check-out. Vital signs and notes are sealed before they leave this service. */
    public record ServiceRecord(List<String> itemsDone, Map<String, Double> vitals, String notes,
                                LocalDate suggestedNextVisit) {
    }

    public void enRoute(String providerId, String orderId) {
        step(providerId, orderId, VisitStage.EN_ROUTE, a -> new VisitEnRoute(id(), VisitEnRoute.SCHEMA_VERSION,
                clock.instant(), orderId, a.areaKey(), providerId));
    }

    /** Accepted within {@code checkInRadius + min(accuracy, maxAccuracyCredit)} of the home; otherwise 422. */
    public VisitCheckedIn checkIn(String providerId, String orderId, Position at) {
        AssignedVisits.Assignment assignment = visits.assignment(providerId, orderId);
        int distance = atTheDoor(assignment, at);
        VisitEvent event = step(providerId, orderId, VisitStage.CHECKED_IN, a -> new VisitCheckedIn(id(),
                VisitCheckedIn.SCHEMA_VERSION, clock.instant(), orderId, a.areaKey(), providerId, distance,
                at.accuracyMeters()));
        visits.checkedIn(orderId, providerId, event.occurredAt(), distance);
        return (VisitCheckedIn) event;
    }

    public VisitCompleted checkOut(String providerId, String orderId, ServiceRecord record) {
        return (VisitCompleted) step(providerId, orderId, VisitStage.COMPLETED, a -> {
            Instant end = clock.instant();
            boolean clinical = (record.vitals() != null && !record.vitals().isEmpty())
                    || (record.notes() != null && !record.notes().isBlank());
            VisitRecord evr = new VisitRecord(a.serviceCode(), a.patientRef(), providerId,
                    LocalDate.ofInstant(a.checkedInAt(), properties.zone()), a.areaKey(), a.checkInDistance(),
                    a.checkedInAt(), end, record.itemsDone() == null ? List.of() : record.itemsDone(),
                    clinical ? cipher.sealText(orderId, json.writeValueAsString(Map.of(
                            "vitals", record.vitals() == null ? Map.of() : record.vitals(),
                            "notes", record.notes() == null ? "" : record.notes()))) : null,
                    record.suggestedNextVisit());
            return new VisitCompleted(id(), VisitCompleted.SCHEMA_VERSION, end, orderId, a.areaKey(), providerId, evr);
        });
    }

    /** Refused at the door or patient not home — reported at the door (the position is verified like a check-in). */
    public void notDone(String providerId, String orderId, String reason, Position at) {
        AssignedVisits.Assignment assignment = visits.assignment(providerId, orderId);
        atTheDoor(assignment, at);
        step(providerId, orderId, VisitStage.NOT_DONE, a -> new VisitNotDone(id(), VisitNotDone.SCHEMA_VERSION,
                clock.instant(), orderId, a.areaKey(), providerId, reason));
    }

    /** The one-key alarm: published at once for the district's supervisors. */
    public ProviderAlarm sos(Caller caller, String providerId, Position at, String orderId) {
        ProviderAlarm alarm = new ProviderAlarm(id(), ProviderAlarm.SCHEMA_VERSION, clock.instant(), providerId,
                caller.organizationId(), caller.district(), new GeoPoint(at.lat(), at.lon()), orderId);
        publishOrFail(alarm);
        return alarm;
    }

    private int atTheDoor(AssignedVisits.Assignment assignment, Position at) {
        int distance = (int) Math.round(new GeoPoint(assignment.homeLat(), assignment.homeLon())
                .metersTo(new GeoPoint(at.lat(), at.lon())));
        int allowed = properties.checkInRadius() + Math.min(at.accuracyMeters(), properties.maxAccuracyCredit());
        if (distance > allowed) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Not at the home",
                    "The reported position is " + distance + " m from the home; at most " + allowed
                            + " m (check-in radius plus GPS accuracy) is accepted",
                    List.of(new ApiProblem.FieldProblem("lat", "too far from the home")), null);
        }
        return distance;
    }

    private VisitEvent step(String providerId, String orderId, VisitStage next,
                            Function<AssignedVisits.Assignment, VisitEvent> event) {
        AssignedVisits.Assignment assignment = visits.assignment(providerId, orderId);
        if (!assignment.stage().canGoTo(next)) {
            throw ApiProblem.conflict("The visit is " + assignment.stage() + "; it cannot go to " + next);
        }
        String found = visits.moveStage(orderId, providerId, assignment.stage(), next);
        if (!assignment.stage().name().equals(found)) {
            throw ApiProblem.conflict("The visit changed meanwhile (now " + found + ")");
        }
        VisitEvent built = event.apply(assignment);
        try {
            publisher.publishAndWait(built);
        } catch (EventPublisher.PublishFailedException e) {
            visits.moveStage(orderId, providerId, next, assignment.stage());
            throw ApiProblem.unavailable("The step could not be recorded right now; retry", Duration.ofSeconds(5));
        }
        if (next == VisitStage.COMPLETED || next == VisitStage.NOT_DONE) {
            visits.removeFromProviderList(providerId, orderId);
        }
        return built;
    }

    private void publishOrFail(ProviderAlarm alarm) {
        try {
            publisher.publishAndWait(alarm);
        } catch (EventPublisher.PublishFailedException e) {
            throw ApiProblem.unavailable("The alarm could not be sent — call 120 directly", Duration.ofSeconds(1));
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
