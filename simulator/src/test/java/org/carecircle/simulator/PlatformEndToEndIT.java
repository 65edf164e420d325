package org.carecircle.simulator;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.domain.Circle;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * All three services against one real Kafka and one real Redis: an order placed over HTTP is offered to a
 * qualified provider inside their circle, accepted through provider-service, and shown assigned by intake.
 */
class PlatformEndToEndIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static LocalPlatform platform;
    static PlatformClient client;
    static DemoDistrict district;
    static DemoScenario scenario;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        platform = LocalPlatform.start(infra, Map.of("carecircle.kafka.topic-prefix", RealInfraInitializer.uniqueTopicPrefix(),
                "carecircle.dispatch.retry-interval", "500ms"), LocalPlatform.Ports.RANDOM);
        client = PlatformClient.of(platform);
        district = DemoDistrict.changning(7, 120);
        scenario = new DemoScenario(district, client, 7, new PrintStream(printed, true, StandardCharsets.UTF_8));
        scenario.seedProviders();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void anOrderIsAssignedToAQualifiedProviderInsideTheCircleAfterTheyAccept() {
        DemoDistrict.Home home = district.randomHome(new Random(1));
        Map<String, Object> order = Map.of(
                "requester", Map.of("organizationId", "chc-huayang", "kind", "COMMUNITY_HEALTH_CENTER"),
                "serviceCode", "NURSING_WOUND_CARE", "patientRef", "pt-e2e-1", "firstVisitAssessedOn", "2026-01-15",
                "location", Map.of("lat", home.lat(), "lon", home.lon(), "address", home.address()));
        String orderer = DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER");
        String orderId = client.createOrder(orderer, order, UUID.randomUUID().toString()).getBody().get("orderId").asString();

        JsonNode offer = await().atMost(WAIT).until(() -> openOfferFor(orderId), Optional::isPresent).orElseThrow();
        assertThat(offer.toString()).doesNotContain(home.address());
        String offeredProvider = offer.get("providerId").asString();
        DemoDistrict.DemoProvider provider = district.providers().stream()
                .filter(p -> p.id().equals(offeredProvider)).findFirst().orElseThrow();
        String providerToken = DevTokens.provider(provider.id(), provider.organizationId());
        assertThat(client.accept(providerToken, offer.get("offerId").asString()).getStatusCode().value()).isEqualTo(202);

        JsonNode assigned = await().atMost(WAIT).until(() -> client.order(orderer, orderId),
                o -> "ASSIGNED".equals(o.get("status").asString()));
        String providerId = assigned.get("assignment").get("providerId").asString();
        assertThat(providerId).isEqualTo(offer.get("providerId").asString());
        assertThat(assigned.get("timeline").valueStream().map(e -> e.get("type").asString()))
                .containsSubsequence("visit-requested", "visit-offered", "offer-accepted", "visit-assigned");

        List<String> needed = platform.bean(ServiceCatalogue.class).get("NURSING_WOUND_CARE").qualifications();
        assertThat(provider.qualifications()).containsAnyElementsOf(needed);
        Circle circle = platform.bean(DispatchProperties.class).circle();
        double radius = circle.modes().stream().filter(m -> m.mode().equals(provider.travelMode()))
                .mapToDouble(circle::radiusMeters).findFirst().orElseThrow();
        assertThat(DemoDistrict.meters(provider.lat(), provider.lon(), home.lat(), home.lon())).isLessThanOrEqualTo(radius);
        assertThat(client.providerStatus(providerToken, providerId).getBody().get("available").asBoolean()).isFalse();
    }

    @Test
    void theDemoScenarioEndsWithEveryOrderAssignedWaitingOrCancelled() {
        List<DemoScenario.Outcome> outcomes = scenario.run(15, 0.2, Duration.ofSeconds(60));
        scenario.print(outcomes);

        assertThat(outcomes).hasSize(15);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isIn("ASSIGNED", "WAITING", "CANCELLED"));
        assertThat(outcomes).filteredOn(o -> o.status().equals("ASSIGNED")).isNotEmpty()
                .allSatisfy(o -> assertThat(o.providerId()).isNotNull());
        List<String> assignedProviders = outcomes.stream().filter(o -> o.status().equals("ASSIGNED"))
                .map(DemoScenario.Outcome::providerId).toList();
        assertThat(assignedProviders).doesNotHaveDuplicates();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Orders: 15");
    }

    private static Optional<JsonNode> openOfferFor(String orderId) {
        return district.organizations().stream()
                .flatMap(org -> client.stationOffers(DevTokens.dispatcher(org.id()), org.id()).stream())
                .filter(o -> o.get("orderId").asString().equals(orderId))
                .findFirst();
    }
}
