package org.carecircle.provider;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    private static Map<String, Object> nurse(List<String> qualifications) {
        return Map.of("organizationId", "ns-01", "name", "王小明", "role", "NURSE", "qualifications", qualifications,
                "travelMode", "EBIKE");
    }
}
