package org.carecircle.simulator;

import org.carecircle.contracts.Topic;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out safety: two dispatch-service instances in one consumer group, many orders at once, few providers.
 * No provider may ever hold two offers or visits at the same time.
 */
class TwoDispatchersIT {
    static final int PROVIDERS = 6;
    static final int ORDERS = 30;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ORDERER = DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER");
    static final String DISPATCHER = DevTokens.dispatcher("ns-01");
    static LocalPlatform platform;
    static ConfigurableApplicationContext secondDispatcher;
    static PlatformClient client;
    static String prefix;

    @BeforeAll
    static void start() {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        prefix = RealInfraInitializer.uniqueTopicPrefix();
        // fine area keys spread the orders over all partitions, so both instances get work; the retry round of
        // both instances runs over the whole queue every 200 ms, so they also race for the same visits
        platform = LocalPlatform.start(infra, Map.of("carecircle.kafka.topic-prefix", prefix,
                "carecircle.intake.area-precision", "8", "carecircle.dispatch.retry-interval", "200ms",
                "carecircle.dispatch.offer-timeouts.SCHEDULED", "10m"), LocalPlatform.Ports.RANDOM);
        secondDispatcher = platform.startAnotherDispatcher();
        client = PlatformClient.of(platform);
        for (int i = 0; i < PROVIDERS; i++) {
            String id = "nurse-" + i;
            client.registerProvider(DevTokens.admin("ns-01"), id, Map.of("organizationId", "ns-01", "name", "护士" + i,
                    "role", "NURSE", "qualifications", List.of("NURSE"), "travelMode", "EBIKE",
                    "profile", DemoDistrict.qualifiedProfile()));
            String self = DevTokens.provider(id, "ns-01");
            client.shift(self, id, true);
            client.location(self, id, 31.2215 + i * 0.001, 121.4265, 10);
        }
    }

    @AfterAll
    static void stop() {
        secondDispatcher.close();
        platform.close();
    }

    @Test
    void manyOrdersAtOnceNeverDoubleBookAProvider() throws Exception {
        List<Future<String>> created;
        try (var pool = Executors.newFixedThreadPool(8)) {
            created = pool.invokeAll(java.util.stream.IntStream.range(0, ORDERS).<Callable<String>>mapToObj(i -> () ->
                    client.createOrder(ORDERER, Map.of(
                            "requester", Map.of("organizationId", "chc-huayang", "kind", "COMMUNITY_HEALTH_CENTER"),
                            "serviceCode", "NURSING_INJECTION", "patientRef", "pt-" + i, "firstVisitAssessedOn", "2026-01-15",
                            "location", Map.of("lat", 31.2200 + (i % 10) * 0.0007, "lon", 121.4250 + (i / 10) * 0.0009,
                                    "address", "华阳路 " + i + " 号")), UUID.randomUUID().toString())
                            .getBody().get("orderId").asString()).toList());
        }
        List<String> orderIds = created.stream().map(TwoDispatchersIT::get).toList();

        try (TopicProbe decisions = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(prefix + Topic.VISIT_DISPATCH.baseName()))) {
            // every provider gets exactly one offer; the other orders wait — and stay so across many retry rounds
            await().atMost(Duration.ofSeconds(30)).until(() -> offers(decisions).size() >= PROVIDERS
                    && orderIds.stream().allMatch(id -> Set.of("OFFERED", "WAITING").contains(client.order(ORDERER, id).get("status").asString())));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> offers(decisions).size() == PROVIDERS);
            Map<String, List<JsonNode>> byProvider = offers(decisions).stream()
                    .collect(Collectors.groupingBy(o -> o.get("providerId").asString()));
            assertThat(byProvider).hasSize(PROVIDERS).allSatisfy((provider, offers) -> assertThat(offers).hasSize(1));
            assertThat(offers(decisions).stream().map(o -> o.get("orderId").asString())).doesNotHaveDuplicates();

            // all accept: each holds exactly one visit, and nobody is offered more work while on it
            for (JsonNode offer : offers(decisions)) {
                assertThat(client.accept(DISPATCHER, offer.get("offerId").asString()).getStatusCode().value()).isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> distinctEvents(decisions, "visit-assigned").size() == PROVIDERS);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> offers(decisions).size() == PROVIDERS);
            assertThat(distinctEvents(decisions, "visit-assigned").stream().map(a -> a.get("providerId").asString()))
                    .doesNotHaveDuplicates();
            assertThat(client.queue(DevTokens.supervisor("changning"))).hasSize(ORDERS - PROVIDERS);
        }
    }

    static List<JsonNode> offers(TopicProbe probe) {
        return distinctEvents(probe, "visit-offered");
    }

    /** Events of a type, each once (re-sent events keep their id). */
    static List<JsonNode> distinctEvents(TopicProbe probe, String type) {
        Map<String, JsonNode> byId = new HashMap<>();
        probe.values().stream().map(JSON::readTree).filter(n -> type.equals(n.get("type").asString()))
                .forEach(n -> byId.putIfAbsent(n.get("eventId").asString(), n));
        return List.copyOf(byId.values());
    }

    static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
