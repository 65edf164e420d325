package org.carecircle.provider.presence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.carecircle.provider.registry.ProviderRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Shift changes and location heartbeats from providers' devices. */
@RestController
@Validated
class PresenceController {
    private final Presence presence;
    private final ProviderRegistry registry;

    PresenceController(Presence presence, ProviderRegistry registry) {
        this.presence = presence;
        this.registry = registry;
    }

    record ShiftRequest(@NotNull Boolean onDuty) {
    }

    record BreakRequest(@NotNull Boolean onBreak) {
    }

    /** The provider, or their station's dispatcher, starts or ends a break. */
    @PutMapping("/providers/{providerId}/break")
    ResponseEntity<Void> onBreak(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                 @Valid @RequestBody BreakRequest request, Caller caller) {
        registry.visibleTo(providerId, caller);
        presence.onBreak(providerId, request.onBreak());
        return ResponseEntity.noContent().build();
    }

    record LocationRequest(@NotNull @DecimalMin("-90.0") @DecimalMax("90.0") Double lat,
                           @NotNull @DecimalMin("-180.0") @DecimalMax("180.0") Double lon,
                           @NotNull @Min(0) @Max(10_000) Integer accuracyMeters) {
    }

    @PutMapping("/providers/{providerId}/shift")
    ResponseEntity<Void> shift(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                               @Valid @RequestBody ShiftRequest request, Caller caller) {
        registry.visibleTo(providerId, caller); // the provider, or their station's dispatcher
        presence.shift(providerId, request.onDuty());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/providers/{providerId}/location")
    ResponseEntity<Void> location(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                                  @Valid @RequestBody LocationRequest request, Caller caller) {
        if (!caller.isProvider(providerId)) { // whereabouts come only from the provider's own device
            throw ApiProblem.notFound("Provider " + providerId);
        }
        presence.heartbeat(providerId, request.lat(), request.lon(), request.accuracyMeters());
        return ResponseEntity.noContent().build();
    }
}
