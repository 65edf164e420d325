package org.carecircle.provider.offers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.carecircle.provider.registry.ProviderRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;

/**
 * The offer API: inboxes of open offers, accept / decline, and a station's live offer stream. A provider sees and
 * acts on their own offers; a station's dispatcher on those of their organization's staff; nobody else.
 */
@RestController
@Validated
class OfferController {
    private final OfferInbox inbox;
    private final ProviderRegistry registry;

    OfferController(OfferInbox inbox, ProviderRegistry registry) {
        this.inbox = inbox;
        this.registry = registry;
    }

    record DeclineRequest(@NotBlank @Size(max = 200) String reason) {
    }

    @GetMapping("/providers/{providerId}/offers")
    List<OfferView> providerOffers(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId, Caller caller) {
        registry.visibleTo(providerId, caller);
        return inbox.providerInbox(providerId);
    }

    @GetMapping("/stations/{organizationId}/offers")
    List<OfferView> stationOffers(@PathVariable @Pattern(regexp = Ids.PATTERN) String organizationId, Caller caller) {
        caller.requireDispatcherOf(organizationId);
        return inbox.organizationInbox(organizationId);
    }

    /**
     * Live offers of a station as server-sent events: every open offer first (only those newer than
     * {@code Last-Event-ID} on a reconnect), then each new offer ({@code offer}) and each closed one
     * ({@code offer-closed}) as it happens.
     */
    @GetMapping(path = "/stations/{organizationId}/offers/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable @Pattern(regexp = Ids.PATTERN) String organizationId,
                      @RequestHeader(name = "Last-Event-ID", required = false) @Size(max = 100) String lastEventId,
                      Caller caller) {
        caller.requireDispatcherOf(organizationId);
        return inbox.stream(organizationId, lastEventId);
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
