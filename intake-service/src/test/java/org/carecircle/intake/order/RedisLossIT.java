package org.carecircle.intake.order;

import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.TestClient;
import org.carecircle.intake.IntakeApplication;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

/** Orders answered with 202 stay readable by their orderer when Redis loses everything: rebuilt from the log. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "carecircle.views.check-interval=300ms",
                "carecircle.http.rate-limit.enabled=false"}) // polled hard while Redis is empty
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class RedisLossIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    EventPublisher publisher;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    ViewGuard guard;
    @Autowired
    JsonMapper json;

    @Test
    void whileOrdersAreRebuiltARequestWithAnIdempotencyKeyIsAskedToRetryInsteadOfBeingPlacedTwice() {
        TestClient orderer = TestClient.local(port).as(DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER"));
        // another instance is rebuilding the view (it holds the lock), so this one's records are not back yet
        redis.opsForValue().set(ViewGuard.marker("intake", "intake-orders") + ":lock", "another instance", Duration.ofSeconds(30));
        redis.delete(ViewGuard.marker("intake", "intake-orders"));

        TestClient.Response during = orderer.send(org.springframework.http.HttpMethod.POST, "/orders",
                json.readTree(OrderIntakeIT.ORDER), Map.of("Idempotency-Key", "evening-round-2"));

        assertThat(during.status()).isEqualTo(503);
        assertThat(during.headers().getFirst("Retry-After")).isNotNull();
        redis.delete(ViewGuard.marker("intake", "intake-orders") + ":lock");
        await().atMost(WAIT).until(() -> guard.whole("intake-orders"));
        assertThat(orderer.send(org.springframework.http.HttpMethod.POST, "/orders", json.readTree(OrderIntakeIT.ORDER),
                Map.of("Idempotency-Key", "evening-round-2")).status()).isEqualTo(202);
    }

    @Test
    void everyAcceptedOrderIsReadableAgainAfterAFlushAllWithItsStatusAndNeverA404() {
        TestClient orderer = TestClient.local(port).as(DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER"));
        Map<String, String> statusBefore = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            JsonNode created = orderer.post("/orders", json.readTree(OrderIntakeIT.ORDER)).ok().body();
            String orderId = created.get("orderId").asString();
            if (i % 2 == 0) { // half of them assigned by dispatch
                publisher.publishAndWait(new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), orderId,
                        created.get("areaKey").asString(), "off-" + i, "prov-1", "ns-1", 900, 4, List.of("prov-1")));
            }
            statusBefore.put(orderId, i % 2 == 0 ? "ASSIGNED" : "REQUESTED");
        }
        String keyed = orderer.send(org.springframework.http.HttpMethod.POST, "/orders", json.readTree(OrderIntakeIT.ORDER),
                Map.of("Idempotency-Key", "morning-round-7")).ok().body().get("orderId").asString();
        statusBefore.put(keyed, "REQUESTED");
        await().atMost(WAIT).until(() -> statusBefore.entrySet().stream().allMatch(e ->
                e.getValue().equals(orderer.get("/orders/" + e.getKey()).ok().body().get("status").asString())));
        int timelineBefore = orderer.get("/orders/" + statusBefore.keySet().iterator().next()).ok().body()
                .get("timeline").size();

        redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });

        // read as the orderer would, until everything is back: 200 or "not back yet" (503), never 404
        Set<Integer> answers = new TreeSet<>();
        Map<String, String> statusAfter = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String orderId : statusBefore.keySet()) {
                TestClient.Response read = orderer.get("/orders/" + orderId);
                answers.add(read.status());
                if (read.status() == 200) {
                    statusAfter.put(orderId, read.body().get("status").asString());
                }
            }
            return statusAfter.equals(statusBefore);
        });
        assertThat(answers).as("answers while Redis was empty and the view rebuilt").doesNotContain(404, 500);
        assertThat(orderer.get("/orders/" + statusBefore.keySet().iterator().next()).ok().body().get("timeline").size())
                .isEqualTo(timelineBefore);
        // orders read back as soon as they are written; the rebuild (of every view of the service) ends a moment later
        await().atMost(WAIT).until(() -> !guard.rebuilding() && guard.lastRebuild("intake-orders").isPresent());
        ViewGuard.Rebuild rebuild = guard.lastRebuild("intake-orders").orElseThrow();
        assertThat(rebuild.events()).isGreaterThanOrEqualTo(statusBefore.size() + (statusBefore.size() - 1) / 2);

        // an orderer repeating an order accepted before the loss, with its Idempotency-Key, gets that order back
        TestClient.Response again = orderer.send(org.springframework.http.HttpMethod.POST, "/orders",
                json.readTree(OrderIntakeIT.ORDER), Map.of("Idempotency-Key", "morning-round-7"));
        assertThat(again.body().get("orderId").asString()).isEqualTo(keyed);

        // and the service goes on taking orders
        JsonNode next = orderer.post("/orders", json.readTree(OrderIntakeIT.ORDER)).ok().body();
        assertThat(orderer.get("/orders/" + next.get("orderId").asString()).ok().body().get("status").asString())
                .isEqualTo("REQUESTED");
    }
}
