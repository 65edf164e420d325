package org.carecircle.intake.order;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RedisSentinels;
import org.carecircle.infra.TestClient;
import org.carecircle.intake.IntakeApplication;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Redis with a primary, a replica and three sentinels: the primary is killed, the sentinels promote the replica,
 * intake follows it (Lettuce asks the sentinels), notices it is serving from another data set, rebuilds its view to
 * be sure, and every accepted order stays readable; new orders are taken.
 */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "carecircle.views.check-interval=300ms",
                "carecircle.http.rate-limit.enabled=false"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class SentinelFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RedisSentinels REDIS = RedisSentinels.start().orElse(null);

    @DynamicPropertySource
    static void throughTheSentinels(DynamicPropertyRegistry registry) {
        if (REDIS != null) {
            REDIS.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        }
    }

    @AfterAll
    static void stopRedis() {
        if (REDIS != null) {
            REDIS.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ViewGuard guard;
    @Autowired
    JsonMapper json;

    @Test
    void afterAFailoverEveryAcceptedOrderIsReadableAndNewOrdersAreTaken() {
        assumeTrue(REDIS != null, "needs redis-server on the PATH");
        TestClient orderer = TestClient.local(port).as(DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER"));
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(orderer.post("/orders", json.readTree(OrderIntakeIT.ORDER)).ok().body().get("orderId").asString());
        }
        await().atMost(WAIT).until(() -> orders.stream().allMatch(id -> orderer.get("/orders/" + id).status() == 200));
        Instant builtBefore = guard.lastRebuild(OrderViewRebuild.NAME).orElseThrow().finishedAt();
        int primaryBefore = REDIS.primaryPort();

        REDIS.killPrimary();

        assertThat(REDIS.primaryPort()).isNotEqualTo(primaryBefore);
        Set<Integer> answers = new TreeSet<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            boolean all = true;
            for (String orderId : orders) {
                int status = orderer.get("/orders/" + orderId).status();
                answers.add(status);
                all &= status == 200;
            }
            return all && guard.lastRebuild(OrderViewRebuild.NAME).orElseThrow().finishedAt().isAfter(builtBefore);
        });
        assertThat(answers).as("answers during the failover").doesNotContain(404);
        String next = orderer.post("/orders", json.readTree(OrderIntakeIT.ORDER)).ok().body().get("orderId").asString();
        await().atMost(WAIT).until(() -> orderer.get("/orders/" + next).status() == 200);
    }
}
