package org.carecircle.provider.offers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/**
 * The job API: inboxes of open offers, accept / decline, and assigned visits. A provider sees and acts on their
 * own offers; a station's dispatcher on those of their organization's staff; nobody else.
 */
@RestController
@Validated
class OfferController {
    private final OfferInbox inbox;
    private final AssignedVisits visits;
    private final ProviderRegistry registry;
    private final StationSchedule schedule;

    OfferController(OfferInbox inbox, AssignedVisits visits, ProviderRegistry registry, StationSchedule schedule) {
        this.inbox = inbox;
        this.visits = visits;
        this.registry = registry;
        this.schedule = schedule;
    }

    record DeclineRequest(@NotBlank @Size(max = 200) String reason) {
    }

    @GetMapping("/providers/{providerId}/offers")
    List<OfferView> providerOffers(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId, Caller caller) {
        registry.visibleTo(providerId, caller);
        return inbox.providerInbox(providerId);
    }

    @GetMapping("/providers/{providerId}/visits")
    List<String> providerVisits(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId, Caller caller) {
        registry.visibleTo(providerId, caller);
        return inbox.assignedVisits(providerId);
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

    @GetMapping("/stations/{organizationId}/offers")
    List<OfferView> stationOffers(@PathVariable @Pattern(regexp = Ids.PATTERN) String organizationId, Caller caller) {
        caller.requireDispatcherOf(organizationId);
        return inbox.organizationInbox(organizationId);
    }

    /** The station's staff's visits from {@code from} (default today, district time) for {@code days} days. */
    @GetMapping("/stations/{organizationId}/schedule")
    List<StationSchedule.Entry> stationSchedule(@PathVariable @Pattern(regexp = Ids.PATTERN) String organizationId,
                                                @RequestParam(required = false) LocalDate from,
                                                @RequestParam(defaultValue = "7") @Min(1) @Max(31) int days,
                                                Caller caller) {
        caller.requireDispatcherOf(organizationId);
        return schedule.between(organizationId, from, days);
    }

    @GetMapping("/offers/{offerId}")
    OfferView offer(@PathVariable @Pattern(regexp = Ids.PATTERN) String offerId, Caller caller) {
        return inbox.get(offerId, caller);
    }

    @PostMapping("/offers/{offerId}/accept")
    ResponseEntity<OfferView> accept(@PathVariable @Pattern(regexp = Ids.PATTERN) String offerId, Caller caller) {
        return ResponseEntity.accepted().body(inbox.accept(offerId, caller));
    }

    @PostMapping("/offers/{offerId}/decline")
    ResponseEntity<OfferView> decline(@PathVariable @Pattern(regexp = Ids.PATTERN) String offerId,
                                      @Valid @RequestBody DeclineRequest request, Caller caller) {
        return ResponseEntity.accepted().body(inbox.decline(offerId, request.reason(), caller));
    }
}
