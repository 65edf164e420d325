package org.carecircle.provider.registry;

import org.carecircle.contracts.LiveKeys;
import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The provider registry. Its durable record is the compacted {@code provider-registry} topic (latest registration
 * per provider); the Redis hash {@code cc:prov:<id>} is the live read model, rebuilt from that topic.
 */
@Service
public class ProviderRegistry {
    private static final RedisScript<Long> REGISTER =
            RedisScript.of(new ClassPathResource("scripts/register.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final EventPublisher publisher;
    private final ProviderMapper mapper;
    private final Set<String> knownQualifications;
    private final Clock clock;
    private final JsonMapper json;

    ProviderRegistry(StringRedisTemplate redis, EventPublisher publisher, ProviderMapper mapper,
                     ServiceCatalogue catalogue, Clock clock, JsonMapper json) {
        this.json = json;
        this.redis = redis;
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
        Provider provider = mapper.toProvider(event);
        String id = provider.providerId();
        GeoPoint base = provider.base();
        redis.execute(REGISTER, List.of(LiveKeys.provider(id), LiveKeys.hold(id), LiveKeys.HEARTBEATS),
                id, String.valueOf(event.occurredAt().toEpochMilli()), provider.organizationId(), provider.role(),
                String.join(",", provider.qualifications()), provider.travelMode().name(), provider.displayName(),
                String.join(",", provider.geoKeys()), String.valueOf(clock.millis()),
                json.writeValueAsString(provider.profile()), String.valueOf(provider.profile().maxVisitsPerDay()),
                String.join(",", provider.baseKeys()), base == null ? "" : String.valueOf(base.lon()),
                base == null ? "" : String.valueOf(base.lat()));
    }

    public Optional<Provider> find(String providerId) {
        Map<Object, Object> hash = redis.opsForHash().entries(LiveKeys.provider(providerId));
        if (hash.get(LiveKeys.ProviderField.ORGANIZATION) == null) {
            return Optional.empty();
        }
        return Optional.of(new Provider(providerId, (String) hash.get(LiveKeys.ProviderField.ORGANIZATION),
                (String) hash.get(LiveKeys.ProviderField.DISPLAY_NAME), (String) hash.get(LiveKeys.ProviderField.ROLE),
                new ArrayList<>(Arrays.asList(((String) hash.get(LiveKeys.ProviderField.QUALIFICATIONS)).split(","))),
                TravelMode.valueOf((String) hash.get(LiveKeys.ProviderField.TRAVEL_MODE)),
                hash.get("profile") == null ? null : json.readValue((String) hash.get("profile"), ProviderProfile.class),
                hash.get(LiveKeys.ProviderField.BASE_LAT) == null ? null : new GeoPoint(
                        Double.parseDouble((String) hash.get(LiveKeys.ProviderField.BASE_LAT)),
                        Double.parseDouble((String) hash.get(LiveKeys.ProviderField.BASE_LON)))));
    }

    public Provider get(String providerId) {
        return find(providerId).orElseThrow(() -> ApiProblem.notFound("Provider " + providerId));
    }

    /**
     * The provider, if {@code caller} is them or a dispatcher or administrator of their organization; anyone else
     * gets the same 404 as for a provider who does not exist.
     */
    public Provider visibleTo(String providerId, Caller caller) {
        return find(providerId).filter(p -> caller.isProvider(p.providerId())
                        || caller.actsFor(Role.STATION_DISPATCHER, p.organizationId())
                        || caller.actsFor(Role.ADMIN, p.organizationId()))
                .orElseThrow(() -> ApiProblem.notFound("Provider " + providerId));
    }

    public Optional<ProviderView> view(String providerId) {
        return find(providerId).map(provider -> {
            boolean onDuty = "1".equals(redis.opsForHash().get(LiveKeys.provider(providerId), LiveKeys.ProviderField.ON_DUTY));
            boolean onBreak = "1".equals(redis.opsForHash().get(LiveKeys.provider(providerId), LiveKeys.ProviderField.ON_BREAK));
            String hold = redis.opsForValue().get(LiveKeys.hold(providerId));
            Double freshUntil = redis.opsForZSet().score(LiveKeys.HEARTBEATS, providerId);
            boolean available = onDuty && !onBreak && hold == null && freshUntil != null
                    && freshUntil >= Instant.now(clock).toEpochMilli();
            return mapper.toView(provider, onDuty, onBreak, available, hold);
        });
    }
}
