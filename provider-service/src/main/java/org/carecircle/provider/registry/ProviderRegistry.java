package org.carecircle.provider.registry;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.carecircle.live.LiveFacts;
import org.carecircle.live.LiveProviders;
import org.carecircle.live.Registration;
import org.carecircle.views.ViewGuard;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The provider registry. Its durable record is the compacted {@code provider-registry} topic (latest registration
 * per provider); the live store ({@link LiveProviders}) keeps its read model, rebuilt from that topic
 * ({@link RegistryListener}) whenever Redis lost it.
 */
@Service
public class ProviderRegistry {
    private final LiveProviders live;
    private final EventPublisher publisher;
    private final ProviderMapper mapper;
    private final Set<String> knownQualifications;
    private final Clock clock;
    private final JsonMapper json;
    private final ViewGuard guard;

    ProviderRegistry(LiveProviders live, EventPublisher publisher, ProviderMapper mapper,
                     ServiceCatalogue catalogue, Clock clock, JsonMapper json, ViewGuard guard) {
        this.json = json;
        this.guard = guard;
        this.live = live;
        this.publisher = publisher;
        this.mapper = mapper;
        this.clock = clock;
        this.knownQualifications = catalogue.all().stream()
                .map(ServiceDefinition::qualifications).flatMap(List::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Registry changes need the ADMIN role of the provider's organization (and cannot move a provider away from another). */
    public ProviderView register(String providerId, RegisterProviderRequest request, Caller caller) {
        boolean ownOrganization = caller.actsFor(Role.ADMIN, request.organizationId());
        boolean takesOverForeign = find(providerId).filter(p -> !p.organizationId().equals(request.organizationId())).isPresent();
        if (!ownOrganization || takesOverForeign) {
            throw ApiProblem.forbidden("Only an administrator of the provider's own organization may change its registration");
        }
        for (int i = 0; i < request.qualifications().size(); i++) {
            if (!knownQualifications.contains(request.qualifications().get(i))) {
                throw ApiProblem.invalid("qualifications[" + i + "]",
                        "unknown qualification; known: " + knownQualifications);
            }
        }
        Provider provider = mapper.toProvider(providerId, request);
        ProviderRegistered event = mapper.toEvent(provider, UUID.randomUUID().toString(), clock.instant());
        try {
            publisher.publishAndWait(event);
        } catch (EventPublisher.PublishFailedException e) {
            throw ApiProblem.unavailable("The registry could not be updated right now; retry later", Duration.ofSeconds(5));
        }
        apply(event);
        return view(providerId).orElseThrow();
    }

    /** Applies a registration to the live read model unless a newer one is there already. */
    public void apply(ProviderRegistered event) {
        Provider p = mapper.toProvider(event);
        live.register(new Registration(p.providerId(), event.occurredAt(), p.organizationId(), p.role(),
                p.qualifications(), p.travelMode().name(), p.displayName(), json.writeValueAsString(p.profile()),
                p.profile().maxVisitsPerDay(), p.base()));
    }

    public Optional<Provider> find(String providerId) {
        return live.registration(providerId).map(r -> new Provider(providerId, r.organizationId(), r.displayName(),
                r.role(), r.qualifications(), TravelMode.valueOf(r.travelMode()),
                r.profileJson() == null ? null : json.readValue(r.profileJson(), ProviderProfile.class), r.base()));
    }

    public Provider get(String providerId) {
        return find(providerId).orElseThrow(() -> notFound(providerId));
    }

    /**
     * The provider, if {@code caller} is them or a dispatcher or administrator of their organization; anyone else
     * gets the same 404 as for a provider who does not exist.
     */
    public Provider visibleTo(String providerId, Caller caller) {
        return find(providerId).filter(p -> caller.isProvider(p.providerId())
                        || caller.actsFor(Role.STATION_DISPATCHER, p.organizationId())
                        || caller.actsFor(Role.ADMIN, p.organizationId()))
                .orElseThrow(() -> notFound(providerId));
    }

    /** Not found — or, while the registry is rebuilt from its topic, not back yet (503, not a 404 taken as final). */
    private ApiProblem notFound(String providerId) {
        return !guard.whole(RegistryListener.NAME)
                ? ApiProblem.unavailable("The registry is being rebuilt from the log; try again shortly", Duration.ofSeconds(5))
                : ApiProblem.notFound("Provider " + providerId);
    }

    public Optional<ProviderView> view(String providerId) {
        return find(providerId).map(provider -> {
            LiveFacts facts = live.facts(providerId, LocalDate.now(clock), clock.instant()).orElseThrow();
            boolean available = facts.onDuty() && !facts.onBreak() && !facts.reserved() && facts.fresh();
            return mapper.toView(provider, facts.onDuty(), facts.onBreak(), available, facts.hold());
        });
    }
}
