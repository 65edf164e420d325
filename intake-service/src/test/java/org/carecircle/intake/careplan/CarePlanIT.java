package org.carecircle.intake.careplan;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TopicProbe;
import org.carecircle.intake.IntakeApplication;
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

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Care plans against a real Kafka broker and a real Redis server: series, occurrences as orders, pause, end. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "carecircle.care-plans.horizon-days=35",
                "carecircle.care-plans.materialize-interval=1h"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class CarePlanIT {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String TOKEN = DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER");

    @LocalServerPort
    int port;
    @Autowired
    Topics topics;
    @Autowired
    JsonMapper json;

    ResponseEntity<JsonNode> call(String method, String path, String body, String token) {
        RestClient.RequestBodySpec spec = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build()
                .method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .contentType(MediaType.APPLICATION_JSON);
        return (body == null ? spec : spec.body(body)).retrieve().toEntity(JsonNode.class);
    }

    static String plan(String patientRef, String recurrence, LocalDate start) {
        return """
                {"requester":{"organizationId":"chc-huayang","kind":"COMMUNITY_HEALTH_CENTER"},
                 "serviceCode":"CARE_LTC_VISIT","patientRef":"%s",
                 "location":{"lat":31.2215,"lon":121.4265,"address":"华阳路街道 长护路 8号 502室"},
                 "recurrence":%s,"startDate":"%s","window":{"earliestStart":"09:00","latestStart":"10:00"}}"""
                .formatted(patientRef, recurrence, start);
    }

    List<JsonNode> orderEvents(TopicProbe probe, String seriesId, String type) {
        return probe.values().stream().map(json::readTree)
                .filter(n -> type.equals(n.get("type").asString()) && n.toString().contains(seriesId.substring(4)))
                .toList();
    }

    @Test
    void eachLongTermCareLevelGivesItsVisitsAWeekOverFourWeeksEachAnOrderOfItsSeries() {
        LocalDate monday = LocalDate.now(SHANGHAI).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        LocalDate fourWeeksOn = monday.plusWeeks(4);
        java.util.Map<String, Integer> expected = new java.util.HashMap<>();
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_ORDERS)))) {
            for (int[] level : new int[][] {{2, 12}, {3, 12}, {4, 20}, {5, 28}, {6, 28}}) {
                String body = plan("pt-ltc-" + level[0], "{\"kind\":\"LTC\",\"ltcLevel\":" + level[0] + "}", monday)
                        .replace("\"startDate\"", "\"endDate\":\"" + fourWeeksOn.minusDays(1) + "\",\"startDate\"");
                ResponseEntity<JsonNode> created = call("POST", "/care-plans", body, TOKEN);
                assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
                String seriesId = created.getBody().get("plan").get("seriesId").asString();
                expected.put(seriesId, level[1]);

                assertThat(created.getBody().get("upcoming").size()).as("level %d", level[0]).isEqualTo(level[1]);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(orderEvents(orders, seriesId, "visit-requested")).hasSize(level[1]));
                for (JsonNode event : orderEvents(orders, seriesId, "visit-requested")) {
                    assertThat(event.get("seriesId").asString()).isEqualTo(seriesId);
                    assertThat(event.get("priority").asString()).isEqualTo("SCHEDULED");
                    Instant earliest = Instant.parse(event.get("window").get("earliestStart").asString());
                    assertThat(earliest.atZone(SHANGHAI).toLocalTime().toString()).isEqualTo("09:00");
                    assertThat(earliest.atZone(SHANGHAI).toLocalDate()).isBetween(monday, fourWeeksOn.minusDays(1));
                    assertThat(event.toString()).doesNotContain("长护路"); // the address travels sealed
                }
            }
        }
        // the ordering organization lists its series with what is still to come; another organization sees none
        JsonNode listed = call("GET", "/care-plans", null, TOKEN).getBody();
        java.util.Map<String, JsonNode> bySeries = new java.util.HashMap<>();
        listed.valueStream().forEach(s -> bySeries.put(s.get("seriesId").asString(), s));
        assertThat(bySeries).containsKeys(expected.keySet().toArray(String[]::new));
        expected.forEach((seriesId, count) -> {
            JsonNode line = bySeries.get(seriesId);
            assertThat(line.get("status").asString()).isEqualTo("ACTIVE");
            assertThat(line.get("upcoming").asInt()).as(seriesId).isEqualTo(count);
            assertThat(line.get("next").get("date").asString()).isEqualTo(monday.toString());
            assertThat(line.toString()).doesNotContain("长护路");
        });
        JsonNode foreign = call("GET", "/care-plans", null, DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER")).getBody();
        assertThat(foreign.valueStream().map(s -> s.get("seriesId").asString())).doesNotContainAnyElementsOf(expected.keySet());
    }

    @Test
    void aPausedSeriesCancelsItsLaterOccurrencesAndResumesAndAnEndedOneHasNoMore() {
        LocalDate monday = LocalDate.now(SHANGHAI).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_ORDERS)))) {
            JsonNode created = call("POST", "/care-plans", plan("pt-pause", "{\"kind\":\"LTC\",\"ltcLevel\":3}", monday)
                    .replace("\"startDate\"", "\"endDate\":\"" + monday.plusWeeks(4).minusDays(1) + "\",\"startDate\""),
                    TOKEN).getBody();
            String seriesId = created.get("plan").get("seriesId").asString();
            String path = "/care-plans/" + seriesId;
            await().atMost(Duration.ofSeconds(20)).until(() -> orderEvents(orders, seriesId, "visit-requested").size() == 12);

            JsonNode paused = call("POST", path + "/pause", "{\"from\":\"" + monday.plusWeeks(2)
                    + "\",\"reason\":\"in hospital\"}", TOKEN).getBody();
            assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
            await().atMost(Duration.ofSeconds(20)).until(() -> orderEvents(orders, seriesId, "visit-cancelled").size() == 6);
            assertThat(orderEvents(orders, seriesId, "visit-cancelled")).allSatisfy(c ->
                    assertThat(c.get("reason").asString()).endsWith("paused: in hospital"));
            assertThat(paused.get("upcoming").valueStream().filter(u -> u.get("status").asString().equals("CANCELLED")))
                    .hasSize(6);

            JsonNode resumed = call("POST", path + "/resume", "{\"on\":\"" + monday.plusWeeks(3) + "\"}", TOKEN).getBody();
            assertThat(resumed.get("status").asString()).isEqualTo("ACTIVE");
            // week 4 again: the dates from the resumption on are placed again
            await().atMost(Duration.ofSeconds(20)).until(() -> orderEvents(orders, seriesId, "visit-requested").size() == 15);

            JsonNode ended = call("POST", path + "/end", "{\"lastDay\":\"" + monday.plusDays(6)
                    + "\",\"reason\":\"moved to a care home\"}", TOKEN).getBody();
            assertThat(ended.get("status").asString()).isEqualTo("ENDED");
            assertThat(ended.get("upcoming").valueStream().filter(u -> !u.get("status").asString().equals("CANCELLED")))
                    .hasSize(3);
            // another organization sees nothing; a bad recurrence is a field error
            assertThat(call("GET", path, null, DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER"))
                    .getStatusCode().value()).isEqualTo(404);
            ResponseEntity<JsonNode> level1 = call("POST", "/care-plans",
                    plan("pt-x", "{\"kind\":\"LTC\",\"ltcLevel\":1}", monday), TOKEN);
            assertThat(level1.getStatusCode().value()).isEqualTo(400);
            assertThat(level1.getBody().get("errors").get(0).get("field").asString()).isEqualTo("recurrence");
        }
    }
}
