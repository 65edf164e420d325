package org.carecircle.provider.registry;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.views.RebuildableView;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The registry's read model in the live store follows the compacted registry topic, and is rebuilt from its
 * beginning whenever Redis lost it (a {@link RebuildableView}: view {@code provider-registry}).
 */
@Component
@Order(1)
class RegistryListener implements RebuildableView {
    static final String NAME = "provider-registry";
    private static final String ID = "provider-registry";
    private final ProviderRegistry registry;
    private final Topics topics;

    RegistryListener(ProviderRegistry registry, Topics topics) {
        this.registry = registry;
        this.topics = topics;
    }

    @KafkaListener(id = ID, topics = "#{@topics.providerRegistry}")
    void on(ProviderRegistered event) {
        registry.apply(event);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keyspaces() {
        return List.of(org.carecircle.live.LiveProviders.KEYSPACE);
    }

    @Override
    public List<String> topics() {
        return List.of(topics.getProviderRegistry());
    }

    @Override
    public List<String> liveListeners() {
        return List.of(ID);
    }

    @Override
    public void replay(CareEvent event) {
        if (event instanceof ProviderRegistered registered) {
            registry.apply(registered);
        }
    }
}
