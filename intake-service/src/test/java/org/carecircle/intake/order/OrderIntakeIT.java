package org.carecircle.intake.order;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TopicProbe;
import org.carecircle.intake.IntakeApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** intake-service against a real Kafka broker and a real Redis server. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=intake-service")
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class OrderIntakeIT {
    static final String ORDER = """
            {"requester":{"organizationId":"chc-huayang","kind":"COMMUNITY_HEALTH_CENTER"},
             "serviceCode":"NURSING_WOUND_CARE","patientRef":"pt-7f3a9c",
             "location":{"lat":31.2215,"lon":121.4265,"address":"华阳路街道 某弄 12号 301室"},
             "notes":"左足压疮, 家属在家"}""";

    @LocalServerPort
    int port;
    @Autowired
    Topics topics;
    @Autowired
    EventPublisher publisher;
    @Autowired
    JsonMapper json;
    @Autowired
    DetailsCipher cipher;

    static final String TOKEN = DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER");

    RestClient http() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    ResponseEntity<JsonNode> post(String path, String body, String idempotencyKey) {
        RestClient.RequestBodySpec spec = http().post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.body(body).retrieve().toEntity(JsonNode.class);
    }

    @Test
    void anAcceptedOrderIsOnKafkaAndReadableWithItsTimeline() {
        ResponseEntity<JsonNode> created = post("/orders", ORDER, null);

        assertThat(created.getStatusCode().value()).isEqualTo(202);
        String orderId = created.getBody().get("orderId").asString();
        assertThat(created.getHeaders().getLocation()).hasToString("/orders/" + orderId);
        assertThat(created.getBody().get("status").asString()).isEqualTo("REQUESTED");
        assertThat(created.getBody().get("priority").asString()).isEqualTo("ROUTINE"); // catalogue default
        assertThat(visitRequestedEventsFor(orderId)).hasSize(1);

        // dispatch's decisions reach the orderer's timeline through Kafka
        VisitOffered offered = new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), orderId,
                created.getBody().get("areaKey").asString(), "off-1", "prov-1", "ns-1", "NURSING_WOUND_CARE",
                "ROUTINE", "EBIKE", 1200, 6, 1, null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME");
        VisitAssigned assigned = new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now().plusMillis(5),
                orderId, offered.areaKey(), "off-1", "prov-1", "ns-1", 1200, 6, List.of("prov-1"));
        publisher.publishAndWait(List.of(offered, assigned, assigned)); // the duplicate delivery has no effect

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode order = http().get().uri("/orders/" + orderId).retrieve().body(JsonNode.class);
            assertThat(order.get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(order.get("assignment").get("providerId").asString()).isEqualTo("prov-1");
            assertThat(order.get("timeline")).extracting(e -> e.get("type").asString())
                    .containsExactly("visit-requested", "visit-offered", "visit-assigned");
        });
    }

    @Test
    void theVisitOnTheGroundShowsInTheTimelineAndTheRecordIsReadableByTheOrderer() {
        ResponseEntity<JsonNode> created = post("/orders", ORDER, null);
        String orderId = created.getBody().get("orderId").asString();
        String area = created.getBody().get("areaKey").asString();
        Instant t = Instant.now();
        VisitCompleted completed = new VisitCompleted(UUID.randomUUID().toString(), 1, t.plusMillis(4), orderId, area,
                "prov-1", new VisitRecord("NURSING_WOUND_CARE", "pt-7f3a9c", "prov-1", java.time.LocalDate.now(), area, 40,
                t.plusMillis(3), t.plusMillis(4), List.of("NURSING_WOUND_CARE"),
                cipher.sealText(orderId, "{\"notes\":\"换药完成\"}"), null));
        // completion may overtake the assignment on another topic: the status never goes back
        publisher.publishAndWait(List.of(
                new VisitEnRoute(UUID.randomUUID().toString(), 1, t.plusMillis(2), orderId, area, "prov-1"),
                new VisitCheckedIn(UUID.randomUUID().toString(), 1, t.plusMillis(3), orderId, area, "prov-1", 40, 15),
                completed,
                new VisitAssigned(UUID.randomUUID().toString(), 2, t.plusMillis(1), orderId, area, "off-1", "prov-1",
                        "ns-1", 900, 4, List.of("prov-1"))));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode order = http().get().uri("/orders/" + orderId).retrieve().body(JsonNode.class);
            assertThat(order.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(order.get("timeline")).extracting(e -> e.get("type").asString()).containsExactly(
                    "visit-requested", "visit-assigned", "visit-en-route", "visit-checked-in", "visit-completed");
            assertThat(order.get("record").get("checkInDistanceMeters").asInt()).isEqualTo(40);
            assertThat(order.get("record").get("clinical").asString()).contains("换药完成");
        });
        ResponseEntity<JsonNode> cancelLate = post("/orders/" + orderId + "/cancel", "{}", null);
        assertThat(cancelLate.getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void aRepeatedIdempotencyKeyCreatesExactlyOneOrderAndOneEvent() throws Exception {
        String key = "key-" + UUID.randomUUID();
        ResponseEntity<JsonNode> first = post("/orders", ORDER, key);
        ResponseEntity<JsonNode> second = post("/orders", ORDER, key);

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(second.getStatusCode().value()).isEqualTo(202);
        String orderId = first.getBody().get("orderId").asString();
        assertThat(second.getBody().get("orderId").asString()).isEqualTo(orderId);
        assertThat(second.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");

        // and concurrently: ten clients racing with one new key still make one order
        String racedKey = "key-" + UUID.randomUUID();
        List<Future<ResponseEntity<JsonNode>>> racing = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                racing.add(pool.submit((Callable<ResponseEntity<JsonNode>>) () -> post("/orders", ORDER, racedKey)));
            }
        }
        List<String> racedIds = new ArrayList<>();
        for (Future<ResponseEntity<JsonNode>> f : racing) {
            ResponseEntity<JsonNode> response = f.get();
            assertThat(response.getStatusCode().value()).isIn(202, 409);
            if (response.getStatusCode().value() == 202) {
                racedIds.add(response.getBody().get("orderId").asString());
            } else {
                assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            }
        }
        assertThat(racedIds).isNotEmpty().allMatch(racedIds.getFirst()::equals);

        assertThat(visitRequestedEventsFor(orderId)).hasSize(1);
        assertThat(visitRequestedEventsFor(racedIds.getFirst())).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyIsRefused() {
        String key = "key-" + UUID.randomUUID();
        assertThat(post("/orders", ORDER, key).getStatusCode().value()).isEqualTo(202);
        ResponseEntity<JsonNode> other = post("/orders", ORDER.replace("NURSING_WOUND_CARE", "NURSING_INJECTION"), key);
        assertThat(other.getStatusCode().value()).isEqualTo(422);
        assertThat(other.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void cancellingPublishesOneCancellationEvenWhenRepeated() {
        String orderId = post("/orders", ORDER, null).getBody().get("orderId").asString();

        ResponseEntity<JsonNode> cancelled = post("/orders/" + orderId + "/cancel", "{\"reason\":\"patient admitted\"}", null);
        ResponseEntity<JsonNode> again = post("/orders/" + orderId + "/cancel", "{}", null);

        assertThat(cancelled.getStatusCode().value()).isEqualTo(202);
        assertThat(cancelled.getBody().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.getBody().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(eventsFor(orderId, "visit-cancelled")).hasSize(1);
        assertThat(post("/orders/ord-unknown/cancel", "{}", null).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void onlyTheOrderingOrganizationReadsItsOrderAndEveryAttemptIsAudited() {
        String orderId = post("/orders", ORDER, null).getBody().get("orderId").asString();
        String foreign = DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER");
        RestClient asForeign = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + foreign)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();

        ResponseEntity<JsonNode> own = http().get().uri("/orders/" + orderId).retrieve().toEntity(JsonNode.class);
        ResponseEntity<JsonNode> stranger = asForeign.get().uri("/orders/" + orderId).retrieve().toEntity(JsonNode.class);
        ResponseEntity<JsonNode> strangerCancel = asForeign.post().uri("/orders/" + orderId + "/cancel")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(JsonNode.class);
        ResponseEntity<JsonNode> orderingForOthers = asForeign.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body(ORDER).retrieve().toEntity(JsonNode.class);

        assertThat(own.getStatusCode().value()).isEqualTo(200);
        assertThat(own.getBody().get("location").get("address").asString()).isEqualTo("华阳路街道 某弄 12号 301室");
        assertThat(stranger.getStatusCode().value()).isEqualTo(404);
        assertThat(stranger.getBody().toString()).doesNotContain("华阳路");
        assertThat(strangerCancel.getStatusCode().value()).isEqualTo(404);
        assertThat(orderingForOthers.getStatusCode().value()).isEqualTo(403);
        try (TopicProbe audit = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.getOrderAudit()))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(audit.values().stream()
                    .map(json::readTree).filter(a -> a.get("orderId").asString().equals(orderId))
                    .map(a -> a.get("action").asString() + ":" + a.get("outcome").asString() + ":" + a.get("actor").asString()))
                    .contains("CREATE:ALLOWED:orderer@chc-huayang", "READ:ALLOWED:orderer@chc-huayang",
                            "READ:DENIED:orderer@chc-xinhua", "CANCEL:DENIED:orderer@chc-xinhua"));
        }
    }

    List<ConsumerRecord<String, String>> visitRequestedEventsFor(String orderId) {
        return eventsFor(orderId, "visit-requested");
    }

    /** Reads the whole visit-orders topic as raw JSON: what any consumer would see. */
    List<ConsumerRecord<String, String>> eventsFor(String orderId, String type) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.getVisitOrders()));
            long deadline = System.currentTimeMillis() + 5_000;
            int emptyPolls = 0;
            while (System.currentTimeMillis() < deadline && (consumer.assignment().isEmpty() || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    JsonNode node = json.readTree(record.value());
                    if (orderId.equals(node.get("orderId").asString()) && type.equals(node.get("type").asString())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
