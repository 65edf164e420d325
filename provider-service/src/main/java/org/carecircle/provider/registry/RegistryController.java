package org.carecircle.provider.registry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Registers providers (PUT is idempotent: the same body twice changes nothing) and shows them. */
@RestController
@Validated
class RegistryController {
    private final ProviderRegistry registry;

    RegistryController(ProviderRegistry registry) {
        this.registry = registry;
    }

    @PutMapping("/providers/{providerId}")
    ProviderView register(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId,
                          @Valid @RequestBody RegisterProviderRequest request, Caller caller) {
        return registry.register(providerId, request, caller);
    }

    @GetMapping("/providers/{providerId}")
    ProviderView get(@PathVariable @Pattern(regexp = Ids.PATTERN) String providerId, Caller caller) {
        registry.visibleTo(providerId, caller);
        return registry.view(providerId).orElseThrow(() -> ApiProblem.notFound("Provider " + providerId));
    }
}
