package org.carecircle.simulator;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider's day across all three services: silent providers get no work, and an accepted visit goes en route,
 * checks in, checks out with its record — which the orderer sees — and the provider is back after the travel buffer.
 */
class ProviderJourneyIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static LocalPlatform platform;
    static PlatformClient client;
    static final String ORDERER = DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER");

    @BeforeAll
    static void start() {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        platform = LocalPlatform.start(infra, Map.of("carecircle.kafka.topic-prefix", RealInfraInitializer.uniqueTopicPrefix(),
                "carecircle.presence.heartbeat-timeout", "3s", "carecircle.presence.sweep-interval", "200ms",
                "carecircle.dispatch.travel-buffer", "1s", "carecircle.dispatch.retry-interval", "500ms"),
                LocalPlatform.Ports.RANDOM);
        client = PlatformClient.of(platform);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static String register(String id, String org, double lat, double lon) {
        client.registerProvider(DevTokens.admin(org), id, Map.of("organizationId", org, "name", "测试员", "role", "NURSE",
                "qualifications", List.of("NURSE"), "travelMode", "EBIKE", "profile", DemoDistrict.qualifiedProfile()));
        String token = DevTokens.provider(id, org);
        client.shift(token, id, true);
        client.location(token, id, lat, lon, 10);
        return token;
    }

    static String order(double lat, double lon) {
        return client.createOrder(ORDERER, Map.of(
                "requester", Map.of("organizationId", "chc-xinhua", "kind", "COMMUNITY_HEALTH_CENTER"),
                "serviceCode", "NURSING_INJECTION", "patientRef", "pt-journey", "firstVisitAssessedOn", "2026-01-15",
                "location", Map.of("lat", lat, "lon", lon, "address", "新华路街道 旅程路8号")), UUID.randomUUID().toString())
                .getBody().get("orderId").asString();
    }

    static int post(String path, Object body, String token) {
        RestClient.RequestBodySpec request = RestClient.builder().baseUrl(platform.providerUrl())
                .defaultStatusHandler(status -> true, (req, res) -> { }).build()
                .method(HttpMethod.POST).uri(path).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON);
        return (body == null ? request : request.body(body)).retrieve().toBodilessEntity().getStatusCode().value();
    }

    @Test
    void aProviderWhoseHeartbeatsStoppedIsNotOfferedWorkUntilTheyAreBack() {
        String token = register("silent-1", "ns-05", 31.2040, 121.4260);
        await().atMost(WAIT).until(() -> !client.providerStatus(token, "silent-1").getBody().get("available").asBoolean());

        String orderId = order(31.2045, 121.4262);

        await().atMost(WAIT).until(() -> "WAITING".equals(client.order(ORDERER, orderId).get("status").asString()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> client.providerOffers(token, "silent-1").isEmpty());
        client.location(token, "silent-1", 31.2040, 121.4260, 10); // back: offered at once
        await().atMost(WAIT).until(() -> client.providerOffers(token, "silent-1").size() == 1);
        // done with it: silent-1 falls silent again, and their offer would move on to the next test's provider
        client.cancelOrder(ORDERER, orderId, "test done");
        await().atMost(WAIT).until(() -> "CANCELLED".equals(client.order(ORDERER, orderId).get("status").asString()));
    }

    @Test
    void aVisitFromAcceptanceToCheckOutAndTheProviderIsBackAfterTheTravelBuffer() {
        double lat = 31.2130;
        double lon = 121.4020;
        String token = register("journey-1", "ns-06", lat + 0.002, lon);
        ScheduledExecutorService phone = Executors.newSingleThreadScheduledExecutor();
        phone.scheduleAtFixedRate(() -> client.location(token, "journey-1", lat + 0.002, lon, 10), 1, 1, TimeUnit.SECONDS);
        try {
            String orderId = order(lat, lon);
            JsonNode offer = await().atMost(WAIT).until(() -> client.providerOffers(token, "journey-1"), o -> o.size() == 1).get(0);
            assertThat(client.accept(token, offer.get("offerId").asString()).getStatusCode().value()).isEqualTo(202);
            await().atMost(WAIT).until(() -> "ASSIGNED".equals(client.order(ORDERER, orderId).get("status").asString()));
            String visit = "/providers/journey-1/visits/" + orderId;

            assertThat(post(visit + "/en-route", null, token)).isEqualTo(204);
            assertThat(post(visit + "/check-in", Map.of("lat", lat + 0.0005, "lon", lon, "accuracyMeters", 15), token)).isEqualTo(200);
            assertThat(post(visit + "/check-out", Map.of("itemsDone", List.of("NURSING_INJECTION"),
                    "vitals", Map.of("pulse", 72.0), "notes", "注射后无不适"), token)).isEqualTo(200);

            JsonNode done = await().atMost(WAIT).until(() -> client.order(ORDERER, orderId),
                    o -> "COMPLETED".equals(o.get("status").asString()));
            assertThat(done.get("timeline").valueStream().map(e -> e.get("type").asString())).containsSubsequence(
                    "visit-requested", "visit-offered", "offer-accepted", "visit-assigned", "visit-en-route",
                    "visit-checked-in", "visit-completed");
            assertThat(done.get("record").get("providerId").asString()).isEqualTo("journey-1");
            assertThat(done.get("record").get("clinical").asString()).contains("注射后无不适");

            // after the travel buffer, the next heartbeat makes the provider available: the next order is theirs
            String next = order(lat, lon);
            await().atMost(WAIT).until(() -> client.providerOffers(token, "journey-1").stream()
                    .anyMatch(o -> o.get("orderId").asString().equals(next)));
        } finally {
            phone.shutdownNow();
        }
    }
}
