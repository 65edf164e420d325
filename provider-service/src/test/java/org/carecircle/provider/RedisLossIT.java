package org.carecircle.provider;

import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.TestClient;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry and who is on shift come back from the log when Redis loses everything. */
@SpringBootTest(classes = ProviderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=provider-service", "carecircle.views.check-interval=300ms",
                "carecircle.http.rate-limit.enabled=false"}) // polled hard while Redis is empty
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class RedisLossIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN = DevTokens.admin("ns-01");
    private static final Map<String, Object> LOCATION = Map.of("lat", 31.2215, "lon", 121.4265, "accuracyMeters", 12);

    @LocalServerPort
    int port;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    ViewGuard guard;
    @Autowired
    EventPublisher publisher;
    @Autowired
    DetailsCipher cipher;

    @Test
    void registrationsAndShiftsAreBackAfterAFlushAllAndProvidersAreOfferableWithTheirNextHeartbeat() {
        TestClient http = TestClient.local(port);
        Map<String, String> stateBefore = new LinkedHashMap<>(); // provider -> on duty / on break / off duty
        for (int i = 0; i < 30; i++) {
            String id = "p-" + i;
            TestClient me = http.as(DevTokens.provider(id, "ns-01"));
            http.as(ADMIN).put("/providers/" + id, nurse(i % 3 == 0 ? List.of("NURSE", "PICC_NURSE") : List.of("NURSE"))).ok();
            me.put("/providers/" + id + "/shift", Map.of("onDuty", true)).ok();
            me.put("/providers/" + id + "/location", LOCATION).ok();
            switch (i % 3) {
                case 0 -> stateBefore.put(id, "ON_DUTY");
                case 1 -> {
                    me.put("/providers/" + id + "/break", Map.of("onBreak", true)).ok();
                    stateBefore.put(id, "ON_BREAK");
                }
                default -> {
                    me.put("/providers/" + id + "/shift", Map.of("onDuty", false)).ok();
                    stateBefore.put(id, "OFF_DUTY");
                }
            }
        }
        // a later registration wins: p-0 lost its PICC qualification
        http.as(ADMIN).put("/providers/p-0", nurse(List.of("NURSE"))).ok();

        redis.execute((RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });

        Set<Integer> answers = new TreeSet<>();
        Map<String, String> stateAfter = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String id : stateBefore.keySet()) {
                TestClient.Response read = http.as(ADMIN).get("/providers/" + id);
                answers.add(read.status());
                if (read.status() == 200) {
                    JsonNode p = read.body();
                    stateAfter.put(id, !p.get("onDuty").asBoolean() ? "OFF_DUTY"
                            : p.get("onBreak").asBoolean() ? "ON_BREAK" : "ON_DUTY");
                }
            }
            return stateAfter.equals(stateBefore) && !guard.rebuilding();
        });
        assertThat(answers).as("answers while Redis was empty and the views rebuilt").doesNotContain(404, 500);
        assertThat(http.as(ADMIN).get("/providers/p-0").ok().body().get("qualifications").valueStream()
                .map(JsonNode::asString).toList()).containsExactly("NURSE");
        assertThat(http.as(ADMIN).get("/providers/p-3").ok().body().get("qualifications").size()).isEqualTo(2);
        assertThat(guard.lastRebuild("provider-registry").orElseThrow().events()).isGreaterThanOrEqualTo(30);

        // a provider on duty is offerable again with their next heartbeat
        assertThat(http.as(ADMIN).get("/providers/p-3").ok().body().get("available").asBoolean()).isFalse();
        http.as(DevTokens.provider("p-3", "ns-01")).put("/providers/p-3/location", LOCATION).ok();
        assertThat(http.as(ADMIN).get("/providers/p-3").ok().body().get("available").asBoolean()).isTrue();
    }

    @Test
    void inboxesAssignmentsAndHowFarEachProviderGotAreBackAfterAFlushAll() {
        TestClient http = TestClient.local(port);
        String me = DevTokens.provider("p-v", "ns-01");
        http.as(ADMIN).put("/providers/p-v", nurse(List.of("NURSE"))).ok();
        String onSite = "ord-" + UUID.randomUUID();
        String enRoute = "ord-" + UUID.randomUUID();
        String ended = "ord-" + UUID.randomUUID();
        for (String orderId : List.of(onSite, enRoute, ended)) {
            assign(orderId, "p-v");
        }
        VisitOffered open = offer("ord-" + UUID.randomUUID(), "p-v");
        VisitOffered declined = offer("ord-" + UUID.randomUUID(), "p-v");
        publisher.publishAndWait(List.of(open, declined));
        await().atMost(WAIT).until(() -> http.as(me).get("/providers/p-v/visits").ok().body().size() == 3
                && http.as(me).get("/providers/p-v/offers").ok().body().size() == 2);
        http.as(me).post("/offers/" + declined.offerId() + "/decline", Map.of("reason", "with another patient")).ok();
        http.as(me).post("/providers/p-v/visits/" + onSite + "/check-in", LOCATION).ok();
        http.as(me).post("/providers/p-v/visits/" + enRoute + "/en-route").ok();
        http.as(me).post("/providers/p-v/visits/" + ended + "/check-in", LOCATION).ok();
        http.as(me).post("/providers/p-v/visits/" + ended + "/not-done", Map.of("reason", "PATIENT_NOT_HOME", "lat", 31.2215,
                "lon", 121.4265, "accuracyMeters", 12)).ok();
        Map<String, String> stageBefore = stages(http);
        assertThat(stageBefore).containsEntry(onSite, "CHECKED_IN").containsEntry(enRoute, "EN_ROUTE")
                .containsEntry(ended, "NOT_DONE");

        redis.execute((RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });

        // every view back, not only the visits: the flush may land while a check is past the registry, which the
        // next check then finds gone (whole() asks Redis for each marker)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> guard.whole("provider-registry")
                && guard.whole("provider-presence") && guard.whole("provider-visits") && stages(http).equals(stageBefore));
        assertThat(http.as(me).get("/providers/p-v/visits").ok().body().valueStream().map(JsonNode::asString))
                .containsExactly(onSite, enRoute); // oldest assignment first; the visit not done is off the list
        assertThat(http.as(me).get("/providers/p-v/offers").ok().body().valueStream()
                .map(o -> o.get("offerId").asString())).as("the declined offer stays declined").containsExactly(open.offerId());
        // the provider goes on where they were: check-out after the check-in made before the loss
        http.as(me).post("/providers/p-v/visits/" + onSite + "/check-out", Map.of("itemsDone",
                List.of("NURSING_WOUND_CARE"))).ok();
    }

    /** The station's schedule: each visit's stage by order id. */
    private Map<String, String> stages(TestClient http) {
        Map<String, String> stages = new HashMap<>();
        http.as(DevTokens.dispatcher("ns-01")).get("/stations/ns-01/schedule").ok().body().valueStream()
                .forEach(e -> stages.put(e.get("orderId").asString(), e.path("stage").asString()));
        return stages;
    }

    private void assign(String orderId, String providerId) {
        publisher.publishAndWait(new VisitRequested(UUID.randomUUID().toString(), 3, Instant.now(), orderId, "wtw3e",
                new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER", "changning"), "NURSING_WOUND_CARE", "ROUTINE",
                "pt-77", new GeoPoint(31.2215, 121.4265), null,
                cipher.seal(orderId, new VisitDetails("华阳路 演示路9号", null)), null, null, null));
        VisitOffered offer = offer(orderId, providerId);
        publisher.publishAndWait(offer);
        publisher.publishAndWait(new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), orderId, "wtw3e",
                offer.offerId(), providerId, "ns-01", 800, 4, null));
    }

    private static VisitOffered offer(String orderId, String providerId) {
        return new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), orderId, "wtw3e",
                "off-" + UUID.randomUUID(), providerId, "ns-01", "NURSING_WOUND_CARE", "ROUTINE", "EBIKE", 800, 4, 1,
                null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME");
    }

    private static Map<String, Object> nurse(List<String> qualifications) {
        return Map.of("organizationId", "ns-01", "name", "王小明", "role", "NURSE", "qualifications", qualifications,
                "travelMode", "EBIKE");
    }
}
