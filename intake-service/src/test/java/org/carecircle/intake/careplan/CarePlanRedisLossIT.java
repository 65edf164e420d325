package org.carecircle.intake.careplan;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.intake.IntakeApplication;
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
import tools.jackson.databind.json.JsonMapper;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Care plans are on the log: when Redis loses everything, a paused series and a changed one come back with the same
 * state (503 meanwhile, never 404), and neither the scheduler nor a later resumption orders an occurrence twice.
 */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "carecircle.care-plans.horizon-days=35",
                "carecircle.care-plans.materialize-interval=1h", "carecircle.views.check-interval=300ms",
                "carecircle.http.rate-limit.enabled=false"}) // polled hard while Redis is empty
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class CarePlanRedisLossIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    Topics topics;
    @Autowired
    JsonMapper json;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    ViewGuard guard;
    @Autowired
    SeriesScheduler scheduler;

    @Test
    void pausedAndChangedPlansComeBackFromTheLogAfterAFlushAllAndNoOccurrenceIsOrderedTwice() {
        TestClient orderer = TestClient.local(port).as(CarePlanIT.TOKEN);
        LocalDate monday = LocalDate.now(CarePlanIT.SHANGHAI).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.getVisitOrders()));
             TopicProbe plans = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                     List.of(topics.getCarePlans()))) {
            String paused = create(orderer, "pt-loss-1", monday);
            orderer.post("/care-plans/" + paused + "/pause", json.readTree("{\"from\":\"" + monday.plusWeeks(2)
                    + "\",\"reason\":\"in hospital\"}")).ok();
            String changed = create(orderer, "pt-loss-2", monday);
            orderer.post("/care-plans/" + changed + "/change", json.readTree("{\"from\":\"" + monday.plusWeeks(2)
                    + "\",\"recurrence\":{\"kind\":\"WEEKLY\",\"weekday\":\"TUESDAY\"},"
                    + "\"window\":{\"earliestStart\":\"14:00\",\"latestStart\":\"15:00\"}}")).ok();
            // LTC level 3 over four weeks: 12; paused from week 3: 6 cancelled; changed from week 3: 6 cancelled, 2 new
            Map<String, Integer> requested = Map.of(paused, 12, changed, 14);
            await().atMost(WAIT).untilAsserted(() -> requested.forEach((seriesId, count) ->
                    assertThat(events(orders, seriesId, "visit-requested")).as(seriesId).hasSize(count)));
            assertThat(events(orders, paused, "visit-cancelled")).hasSize(6);
            assertThat(events(orders, changed, "visit-cancelled")).hasSize(6);
            onTheLogAsTheWholePlan(plans, paused, changed);

            Map<String, JsonNode> before = Map.of(paused, read(orderer, paused), changed, read(orderer, changed));
            assertThat(before.get(paused).get("status").asString()).isEqualTo("PAUSED");
            assertThat(before.get(changed).get("plan").get("segments")).hasSize(2);

            flushAll();
            Set<Integer> answers = readUntilBack(orderer, before);
            assertThat(answers).as("answers while Redis was empty and the views rebuilt").doesNotContain(404, 500);
            assertThat(guard.lastRebuild(CarePlanStore.VIEW)).isPresent();
            assertThat(read(orderer, paused).get("status").asString()).isEqualTo("PAUSED");

            // the scheduler's next round places nothing again: the placed occurrences came back from visit-orders
            scheduler.materializeAll();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> requested.forEach((seriesId, count) ->
                    assertThat(events(orders, seriesId, "visit-requested")).as(seriesId).hasSize(count)));

            // resuming after the loss places the dates the series itself had cancelled, once (week 4: 3 visits)
            JsonNode resumed = orderer.post("/care-plans/" + paused + "/resume",
                    json.readTree("{\"on\":\"" + monday.plusWeeks(3) + "\"}")).ok().body();
            assertThat(resumed.get("status").asString()).isEqualTo("ACTIVE");
            scheduler.materializeAll();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() ->
                    assertThat(events(orders, paused, "visit-requested")).hasSize(15));
            assertThat(events(orders, changed, "visit-requested")).hasSize(14);
            assertThat(resumed.get("upcoming").valueStream().filter(u -> !u.get("status").asString().equals("CANCELLED"))
                    .map(u -> u.get("date").asString()).toList()).doesNotHaveDuplicates().hasSize(9);
        }
    }

    @Test
    void whileTheViewIsNotWholeNothingIsOrderedOrChangedAndReadsAnswer503() {
        TestClient orderer = TestClient.local(port).as(CarePlanIT.TOKEN);
        LocalDate monday = LocalDate.now(CarePlanIT.SHANGHAI).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.getVisitOrders()))) {
            String seriesId = create(orderer, "pt-partial", monday);
            await().atMost(WAIT).until(() -> events(orders, seriesId, "visit-requested").size() == 12);

            // the view is partial (its placed occurrences gone) and another instance holds the rebuild
            String lock = ViewGuard.marker("intake", CarePlanStore.VIEW) + ":lock";
            redis.opsForValue().set(lock, "another-instance");
            redis.delete(List.of(ViewGuard.marker("intake", CarePlanStore.VIEW), "cc:{intake}:plan-orders:" + seriesId));
            scheduler.materializeAll();
            assertThat(orderer.get("/care-plans/" + seriesId).status()).isEqualTo(503);
            assertThat(orderer.get("/care-plans/ser-00000000-0000-0000-0000-000000000000").status()).isEqualTo(503);
            assertThat(orderer.post("/care-plans/" + seriesId + "/pause",
                    json.readTree("{\"from\":\"" + monday + "\",\"reason\":\"travelling\"}")).status()).isEqualTo(503);

            redis.delete(lock); // rebuilt at the next check
            await().atMost(WAIT).until(() -> orderer.get("/care-plans/" + seriesId).status() == 200);
            scheduler.materializeAll();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
                assertThat(events(orders, seriesId, "visit-requested")).hasSize(12);
                assertThat(events(orders, seriesId, "visit-cancelled")).isEmpty();
            });
            assertThat(read(orderer, seriesId).get("status").asString()).isEqualTo("ACTIVE");
            assertThat(orderer.get("/care-plans/ser-00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        }
    }

    private String create(TestClient orderer, String patientRef, LocalDate monday) {
        String body = CarePlanIT.plan(patientRef, "{\"kind\":\"LTC\",\"ltcLevel\":3}", monday)
                .replace("\"startDate\"", "\"endDate\":\"" + monday.plusWeeks(4).minusDays(1) + "\",\"startDate\"");
        return orderer.post("/care-plans", json.readTree(body)).ok().body().get("plan").get("seriesId").asString();
    }

    private JsonNode read(TestClient orderer, String seriesId) {
        return orderer.get("/care-plans/" + seriesId).ok().body();
    }

    /** Each change is a record keyed by its series, holding the whole plan; the address only sealed. */
    private void onTheLogAsTheWholePlan(TopicProbe plans, String paused, String changed) {
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, JsonNode> latest = new HashMap<>();
            for (ConsumerRecord<String, String> record : plans.records()) {
                assertThat(record.value()).doesNotContain("长护路");
                latest.put(record.key(), json.readTree(record.value()));
            }
            assertThat(latest.get(paused).get("action").asString()).isEqualTo("PAUSED");
            assertThat(latest.get(paused).get("pauses")).hasSize(1);
            assertThat(latest.get(changed).get("action").asString()).isEqualTo("CHANGED");
            assertThat(latest.get(changed).get("segments")).hasSize(2);
        });
    }

    private void flushAll() {
        redis.execute((RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
    }

    /** Reads as the orderer would until both plans read as before: 200 or "not back yet" (503), never 404. */
    private Set<Integer> readUntilBack(TestClient orderer, Map<String, JsonNode> before) {
        Set<Integer> answers = new TreeSet<>();
        Map<String, JsonNode> after = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String seriesId : before.keySet()) {
                TestClient.Response answer = orderer.get("/care-plans/" + seriesId);
                answers.add(answer.status());
                if (answer.status() == 200) {
                    after.put(seriesId, answer.body());
                }
            }
            return after.equals(before);
        });
        return answers;
    }

    private List<JsonNode> events(TopicProbe probe, String seriesId, String type) {
        String orderPrefix = "ord-" + seriesId.substring(4) + "-";
        return probe.values().stream().map(json::readTree)
                .filter(n -> type.equals(n.get("type").asString()) && n.get("orderId").asString().startsWith(orderPrefix))
                .toList();
    }
}
