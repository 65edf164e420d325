package org.carecircle.provider.registry;

import org.carecircle.contracts.events.ProviderRegistered;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Rebuilds the live registry read model from the compacted registry topic (e.g. after a Redis loss). */
@Component
class RegistryListener {
    private final ProviderRegistry registry;

    RegistryListener(ProviderRegistry registry) {
        this.registry = registry;
    }

    @KafkaListener(id = "provider-registry", topics = "#{@topics.providerRegistry}")
    void on(ProviderRegistered event) {
        registry.apply(event);
    }
}
