package org.carecircle.provider.offers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The job API: inboxes of open offers, and accept / decline. */
@RestController
@Validated
class OfferController {
    private static final String ID = "[A-Za-z0-9._-]{1,64}";
    private final OfferInbox inbox;

    OfferController(OfferInbox inbox) {
        this.inbox = inbox;
    }

    record DeclineRequest(@NotBlank @Size(max = 200) String reason) {
    }

    @GetMapping("/providers/{providerId}/offers")
    List<OfferView> providerOffers(@PathVariable @Pattern(regexp = ID) String providerId) {
        return inbox.providerInbox(providerId);
    }

    @GetMapping("/providers/{providerId}/visits")
    List<String> providerVisits(@PathVariable @Pattern(regexp = ID) String providerId) {
        return inbox.assignedVisits(providerId);
    }

    @GetMapping("/stations/{organizationId}/offers")
    List<OfferView> stationOffers(@PathVariable @Pattern(regexp = ID) String organizationId) {
        return inbox.organizationInbox(organizationId);
    }

    @GetMapping("/offers/{offerId}")
    OfferView offer(@PathVariable @Pattern(regexp = ID) String offerId) {
        return inbox.get(offerId);
    }

    @PostMapping("/offers/{offerId}/accept")
    ResponseEntity<OfferView> accept(@PathVariable @Pattern(regexp = ID) String offerId) {
        return ResponseEntity.accepted().body(inbox.accept(offerId));
    }

    @PostMapping("/offers/{offerId}/decline")
    ResponseEntity<OfferView> decline(@PathVariable @Pattern(regexp = ID) String offerId,
                                      @Valid @RequestBody DeclineRequest request) {
        return ResponseEntity.accepted().body(inbox.decline(offerId, request.reason()));
    }
}
