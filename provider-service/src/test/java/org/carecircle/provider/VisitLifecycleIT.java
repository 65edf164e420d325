package org.carecircle.provider;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The provider's steps at a visit, the one-key alarm and the stations' live offer stream, on real Kafka and Redis. */
@SpringBootTest(classes = ProviderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=provider-service")
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class VisitLifecycleIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final double HOME_LAT = 31.2215;
    static final double HOME_LON = 121.4265;

    @LocalServerPort
    int port;
    @Autowired
    EventPublisher publisher;
    @Autowired
    Topics topics;
    @Autowired
    JsonMapper json;
    @Autowired
    DetailsCipher cipher;
    TestClient http;
    TopicProbe progress;
    String providerId;
    String token;

    @BeforeEach
    void setUp() {
        http = TestClient.local(port);
        progress = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_PROGRESS), topics.name(Topic.PROVIDER_ALARMS)));
        providerId = "p-" + UUID.randomUUID().toString().substring(0, 8);
        token = DevTokens.provider(providerId, "ns-01");
        assertThat(send("PUT", "/providers/" + providerId, Map.of("organizationId", "ns-01", "name", "赵敏", "role", "NURSE",
                "qualifications", List.of("NURSE"), "travelMode", "EBIKE"), DevTokens.admin("ns-01")).status())
                .isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        progress.close();
    }

    TestClient.Response send(String method, String path, Object body, String bearer) {
        return http.as(bearer).send(HttpMethod.valueOf(method), path, body);
    }

    /** An order for this provider, assigned to them. */
    String assignedVisit() {
        String orderId = "ord-" + UUID.randomUUID();
        publisher.publishAndWait(new VisitRequested(UUID.randomUUID().toString(), 3, Instant.now(), orderId, "wtw3e",
                new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER", "changning"), "NURSING_WOUND_CARE", "ROUTINE",
                "pt-77", new GeoPoint(HOME_LAT, HOME_LON), null,
                cipher.seal(orderId, new VisitDetails("华阳路 演示路9号", null)), null, null, null));
        String offerId = "off-" + UUID.randomUUID();
        publisher.publishAndWait(new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), orderId, "wtw3e", offerId,
                providerId, "ns-01", "NURSING_WOUND_CARE", "ROUTINE", "EBIKE", 800, 4, 1, null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME"));
        publisher.publishAndWait(new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), orderId, "wtw3e",
                offerId, providerId, "ns-01", 800, 4, null));
        await().atMost(WAIT).until(() -> send("GET", "/providers/" + providerId + "/visits/" + orderId, null, token)
                .status() == 200);
        return orderId;
    }

    List<JsonNode> events(String type) {
        return progress.values().stream().map(json::readTree).filter(n -> type.equals(n.get("type").asString())).toList();
    }

    static Map<String, Object> at(double lat, double lon, int accuracy) {
        return Map.of("lat", lat, "lon", lon, "accuracyMeters", accuracy);
    }

    @Test
    void aVisitGoesEnRouteChecksInAtTheDoorAndChecksOutWithItsRecord() {
        String orderId = assignedVisit();
        String visit = "/providers/" + providerId + "/visits/" + orderId;

        assertThat(send("POST", visit + "/complete-before-arriving", null, token).status()).isEqualTo(404);
        assertThat(send("POST", visit + "/check-out", Map.of("itemsDone", List.of("X")), token).status())
                .as("no check-out before check-in").isEqualTo(409);
        assertThat(send("POST", visit + "/en-route", null, token).status()).isEqualTo(204);
        // 2 km away with 20 m accuracy: rejected; 200 m away with 80 m accuracy (allowed 150 + 80): accepted
        TestClient.Response far = send("POST", visit + "/check-in", at(HOME_LAT + 0.018, HOME_LON, 20), token);
        TestClient.Response near = send("POST", visit + "/check-in", at(HOME_LAT + 0.0018, HOME_LON, 80), token);
        TestClient.Response checkedOut = send("POST", visit + "/check-out", Map.of(
                "itemsDone", List.of("NURSING_WOUND_CARE"), "vitals", Map.of("systolic", 132.0, "diastolic", 84.0),
                "notes", "伤口愈合良好, 家属电话 13700001111", "suggestedNextVisit", "2026-11-29"), token);

        assertThat(far.status()).isEqualTo(422);
        assertThat(far.body().get("detail").asString()).contains("from the home");
        assertThat(near.status()).isEqualTo(200);
        assertThat(near.body().get("distanceMeters").asInt()).isBetween(190, 210);
        assertThat(checkedOut.status()).isEqualTo(200);
        JsonNode record = checkedOut.body().get("record");
        assertThat(record.get("serviceCode").asString()).isEqualTo("NURSING_WOUND_CARE");
        assertThat(record.get("patientRef").asString()).isEqualTo("pt-77");
        assertThat(record.get("providerId").asString()).isEqualTo(providerId);
        assertThat(record.get("date").asString()).isNotBlank();
        assertThat(record.get("areaKey").asString()).isEqualTo("wtw3e");
        assertThat(record.get("startedAt").asString()).isNotBlank();
        assertThat(record.get("endedAt").asString()).isNotBlank();
        assertThat(send("POST", visit + "/check-out", Map.of(), token).status()).isEqualTo(409);
        assertThat(send("GET", "/providers/" + providerId + "/visits", null, token).body().toString()).doesNotContain(orderId);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(events("visit-en-route")).anyMatch(e -> e.get("orderId").asString().equals(orderId));
            assertThat(events("visit-checked-in")).anyMatch(e -> e.get("orderId").asString().equals(orderId));
            assertThat(events("visit-completed")).filteredOn(e -> e.get("orderId").asString().equals(orderId))
                    .singleElement().satisfies(e -> {
                        // the vital signs travel sealed: no "systolic" field, no value 132 (timestamps may hold "132")
                        assertThat(e.toString()).doesNotContain("13700001111").doesNotContain("伤口")
                                .doesNotContain("systolic").doesNotContainPattern("[:\\[,]132(\\.0)?[,}\\]]");
                        assertThat(cipher.openText(orderId, json.treeToValue(e.get("record").get("clinical"),
                                org.carecircle.contracts.events.SealedDetails.class))).contains("伤口愈合良好");
                    });
        });
    }

    @Test
    void notDoneIsReportedAtTheDoorAndOnlyByTheAssignedProvider() {
        String orderId = assignedVisit();
        String visit = "/providers/" + providerId + "/visits/" + orderId;
        String other = DevTokens.provider("p-other", "ns-01");

        assertThat(send("POST", "/providers/p-other/visits/" + orderId + "/en-route", null, other).status())
                .isEqualTo(404);
        assertThat(send("POST", visit + "/en-route", null, DevTokens.dispatcher("ns-01")).status())
                .isEqualTo(404);
        assertThat(send("POST", visit + "/not-done", Map.of("reason", "PATIENT_NOT_HOME", "lat", HOME_LAT + 0.02,
                "lon", HOME_LON, "accuracyMeters", 10), token).status()).isEqualTo(422);
        assertThat(send("POST", visit + "/not-done", Map.of("reason", "ON_HOLIDAY", "lat", HOME_LAT,
                "lon", HOME_LON, "accuracyMeters", 10), token).status()).isEqualTo(400);
        assertThat(send("POST", visit + "/not-done", Map.of("reason", "PATIENT_NOT_HOME", "lat", HOME_LAT,
                "lon", HOME_LON, "accuracyMeters", 10), token).status()).isEqualTo(204);

        await().atMost(WAIT).untilAsserted(() -> assertThat(events("visit-not-done"))
                .anyMatch(e -> e.get("orderId").asString().equals(orderId)
                        && e.get("reason").asString().equals("PATIENT_NOT_HOME")));
    }

    @Test
    void theOneKeyAlarmIsPublishedAtOnceWithTheDistrict() {
        TestClient.Response sos = send("POST", "/providers/" + providerId + "/sos",
                Map.of("lat", HOME_LAT, "lon", HOME_LON), token);

        assertThat(sos.status()).isEqualTo(202);
        assertThat(send("POST", "/providers/" + providerId + "/sos", Map.of("lat", HOME_LAT, "lon", HOME_LON),
                DevTokens.provider("p-other", "ns-01")).status()).isEqualTo(404);
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("provider-alarm"))
                .anyMatch(e -> e.get("providerId").asString().equals(providerId)
                        && e.get("district").asString().equals("changning")));
    }

    @Test
    void aStationGetsNewOffersPushedAndMissesNothingAcrossAReconnect() throws Exception {
        VisitOffered first = new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), "ord-" + UUID.randomUUID(),
                "wtw3e", "off-" + UUID.randomUUID(), providerId, "ns-09", "NURSING_INJECTION", "ROUTINE", "EBIKE", 500, 3, 1, null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME");
        publisher.publishAndWait(first);
        await().atMost(WAIT).until(() -> send("GET", "/stations/ns-09/offers", null, DevTokens.dispatcher("ns-09"))
                .body().size() == 1);

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stations/ns-09/offers/stream"))
                .header("Authorization", "Bearer " + DevTokens.dispatcher("ns-09")).header("Accept", "text/event-stream").build();
        var stream = client.sendAsync(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.join().body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception closed) {
                // the test ends the stream
            }
        });
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains(first.offerId())));

        VisitOffered second = new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), "ord-" + UUID.randomUUID(),
                "wtw3e", "off-" + UUID.randomUUID(), providerId, "ns-09", "NURSING_VITALS", "ROUTINE", "EBIKE", 700, 4, 1, null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME");
        publisher.publishAndWait(second);
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains(second.offerId())));
        String firstId = lines.stream().filter(l -> l.startsWith("id:") && l.contains(first.offerId())).findFirst().orElseThrow()
                .substring(3).trim();
        stream.join().body().close();
        reader.interrupt();

        // reconnecting after the first event: the backlog brings the second, not the first again
        HttpRequest resume = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stations/ns-09/offers/stream"))
                .header("Authorization", "Bearer " + DevTokens.dispatcher("ns-09")).header("Last-Event-ID", firstId).build();
        List<String> resumed = new CopyOnWriteArrayList<>();
        var again = client.sendAsync(resume, HttpResponse.BodyHandlers.ofInputStream());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(again.join().body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    resumed.add(line);
                }
            } catch (Exception closed) {
                // the test ends the stream
            }
        });
        await().atMost(WAIT).until(() -> resumed.stream().anyMatch(l -> l.contains(second.offerId())));
        assertThat(resumed).noneMatch(l -> l.contains(first.offerId()));
        assertThat(String.join("\n", lines)).doesNotContain("华阳路");
        again.join().body().close();
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stations/ns-09/offers/stream"))
                .header("Authorization", "Bearer " + DevTokens.dispatcher("ns-01")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
    }
}
