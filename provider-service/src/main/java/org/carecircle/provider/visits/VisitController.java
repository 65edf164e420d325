package org.carecircle.provider.visits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.carecircle.provider.registry.ProviderRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A provider's assigned visits: the list, the details (in the service window), each step there; the one-key alarm. */
@RestController
@Validated
class VisitController {
    private final VisitLifecycle lifecycle;
    private final AssignedVisits visits;
    private final ProviderRegistry registry;

    VisitController(VisitLifecycle lifecycle, AssignedVisits visits, ProviderRegistry registry) {
        this.lifecycle = lifecycle;
        this.visits = visits;
        this.registry = registry;
    }

    record PositionRequest(@NotNull @DecimalMin("-90.0") @DecimalMax("90.0") Double lat,
                           @NotNull @DecimalMin("-180.0") @DecimalMax("180.0") Double lon,
                           @NotNull @Min(0) @Max(10_000) Integer accuracyMeters) {
        VisitLifecycle.Position position() {
            return new VisitLifecycle.Position(lat, lon, accuracyMeters);
        }
    }

    record NotDoneRequest(@NotNull @Pattern(regexp = "REFUSED_AT_DOOR|PATIENT_NOT_HOME") String reason,
                          @NotNull @DecimalMin("-90.0") @DecimalMax("90.0") Double lat,
                          @NotNull @DecimalMin("-180.0") @DecimalMax("180.0") Double lon,
                          @NotNull @Min(0) @Max(10_000) Integer accuracyMeters) {
    }

    record CheckOutRequest(@Size(max = 30) List<@Pattern(regexp = "[A-Z0-9_]{1,64}") String> itemsDone,
                           @Size(max = 10) Map<@Pattern(regexp = "systolic|diastolic|pulse|temperature|glucose|spo2") String,
                                   @NotNull Double> vitals,
                           @Size(max = 2000) String notes, LocalDate suggestedNextVisit) {
    }

    record SosRequest(@NotNull @DecimalMin("-90.0") @DecimalMax("90.0") Double lat,
                      @NotNull @DecimalMin("-180.0") @DecimalMax("180.0") Double lon,
                      @Pattern(regexp = Ids.PATTERN) String orderId) {
    }

    private static void requireSelf(Caller caller, String providerId) {
        if (!caller.isProvider(providerId)) {
            throw ApiProblem.notFound("Provider " + providerId);
        }
    }

    @GetMapping("/providers/{providerId}/visits")
    List<String> providerVisits(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId, Caller caller) {
        registry.visibleTo(providerId, caller);
        return visits.providerList(providerId);
    }

    /** The address and notes of an assigned visit: for the assigned provider only, and only for its service window. */
    @GetMapping("/providers/{providerId}/visits/{orderId}")
    AssignedVisits.VisitDetailsView visitDetails(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                                 @PathVariable @Pattern(regexp = Ids.PATTERN) String orderId, Caller caller) {
        if (!caller.isProvider(providerId)) {
            throw ApiProblem.notFound("Visit " + orderId);
        }
        return visits.reveal(providerId, orderId);
    }

    @PostMapping("/providers/{providerId}/visits/{orderId}/en-route")
    ResponseEntity<Void> enRoute(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                 @PathVariable @Pattern(regexp = Ids.PATTERN) String orderId, Caller caller) {
        requireSelf(caller, providerId);
        lifecycle.enRoute(providerId, orderId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/providers/{providerId}/visits/{orderId}/check-in")
    VisitCheckedIn checkIn(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                           @PathVariable @Pattern(regexp = Ids.PATTERN) String orderId,
                           @Valid @RequestBody PositionRequest request, Caller caller) {
        requireSelf(caller, providerId);
        return lifecycle.checkIn(providerId, orderId, request.position());
    }

    @PostMapping("/providers/{providerId}/visits/{orderId}/check-out")
    VisitCompleted checkOut(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                            @PathVariable @Pattern(regexp = Ids.PATTERN) String orderId,
                            @Valid @RequestBody CheckOutRequest request, Caller caller) {
        requireSelf(caller, providerId);
        return lifecycle.checkOut(providerId, orderId, new VisitLifecycle.ServiceRecord(request.itemsDone(),
                request.vitals(), request.notes(), request.suggestedNextVisit()));
    }

    @PostMapping("/providers/{providerId}/visits/{orderId}/not-done")
    ResponseEntity<Void> notDone(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                 @PathVariable @Pattern(regexp = Ids.PATTERN) String orderId,
                                 @Valid @RequestBody NotDoneRequest request, Caller caller) {
        requireSelf(caller, providerId);
        lifecycle.notDone(providerId, orderId, request.reason(),
                new VisitLifecycle.Position(request.lat(), request.lon(), request.accuracyMeters()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/providers/{providerId}/sos")
    ResponseEntity<ProviderAlarm> sos(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                      @Valid @RequestBody SosRequest request, Caller caller) {
        requireSelf(caller, providerId);
        return ResponseEntity.accepted().body(lifecycle.sos(caller, providerId,
                new VisitLifecycle.Position(request.lat(), request.lon(), 0), request.orderId()));
    }
}
