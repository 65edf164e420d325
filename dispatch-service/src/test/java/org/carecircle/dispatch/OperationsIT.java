package org.carecircle.dispatch;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Running the service: alarms, the daily report, readiness, metrics and traces, dead letters. */
class OperationsIT extends DispatchTestBase {
    @Test
    void supervisorsOfTheDistrictSeeProviderAlarms() {
        publisher.publishAndWait(new ProviderAlarm(UUID.randomUUID().toString(), 1, Instant.now(), "nurse-sos", "ns-1",
                "changning", new GeoPoint(LAT, LON), null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor().get("/dispatch/alarms").ok()
                .body().toString()).contains("nurse-sos"));
        assertThat(supervisor("xuhui").get("/dispatch/alarms").ok().body().toString()).doesNotContain("nurse-sos");
    }

    @Test
    void theDailyReportCountsOrdersAssignmentsInsideTheCircleTimesBreachesAndEscalationsAsJsonAndCsv() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested served = order("NURSING_INJECTION", "URGENT", "pt-1", LocalDate.now(), LAT);
        VisitRequested nobody = order("PALLIATIVE_SYMPTOM", "URGENT", "pt-2", null, LAT);
        publisher.publishAndWait(List.of(served, nobody));
        publisher.publishAndWait(accept(served, awaitOne(served.orderId(), "visit-offered", 0)));
        awaitOne(served.orderId(), "visit-assigned", 0);
        awaitOne(nobody.orderId(), "visit-escalated", 0);
        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode rows = supervisor().get("/dispatch/reports/daily?date=" + today).ok().body();
            JsonNode injection = rows.valueStream().filter(r -> r.get("serviceCode").asString().equals("NURSING_INJECTION"))
                    .findFirst().orElseThrow();
            assertThat(injection.get("area").asString()).isEqualTo("wtw3e");
            assertThat(injection.get("orders").asInt()).isEqualTo(1);
            assertThat(injection.get("assigned").asInt()).isEqualTo(1);
            assertThat(injection.get("shareAssignedInsideCircle").asDouble()).isEqualTo(1.0);
            assertThat(injection.get("medianSecondsToAssign").isNumber()).isTrue();
            JsonNode palliative = rows.valueStream().filter(r -> r.get("serviceCode").asString().equals("PALLIATIVE_SYMPTOM"))
                    .findFirst().orElseThrow();
            assertThat(palliative.get("assigned").asInt()).isZero();
            assertThat(palliative.get("escalations").asInt()).isEqualTo(1);
            assertThat(palliative.get("slaBreaches").asInt()).isEqualTo(1);
        });
        TestClient.Response csv = supervisor().get("/dispatch/reports/daily.csv?date=" + today).ok();
        assertThat(csv.headers().getFirst("Content-Disposition")).isEqualTo(
                "attachment; filename=\"carecircle-daily-" + today + ".csv\"");
        assertThat(csv.text().lines()).first().asString().startsWith("date,area,service,orders,assigned");
        assertThat(csv.text()).contains(today + ",wtw3e,NURSING_INJECTION,1,1,1.000,")
                .contains(today + ",wtw3e,PALLIATIVE_SYMPTOM,1,0,0.000,,,1,1");
    }

    @Test
    void readinessChecksKafkaAndRedisTheFiguresReachPrometheusAndOneTraceSpansTheKafkaHops() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_WOUND_CARE", "URGENT", "pt-1", LocalDate.now().minusDays(3), LAT);
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        publisher.publishAndWait(accept(order, offer));
        awaitOne(order.orderId(), "visit-assigned", 0);

        TestClient anonymous = TestClient.local(port);
        JsonNode readiness = anonymous.get("/actuator/health/readiness").ok().body();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").has("kafka")).isTrue();
        assertThat(readiness.get("components").has("redis")).isTrue();

        await().atMost(WAIT).untilAsserted(() -> {
            String scraped = anonymous.get("/actuator/prometheus").ok().text();
            assertThat(metric(scraped, "carecircle_dispatch_time_to_offer_seconds_count", "priority=\"URGENT\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_time_to_assign_seconds_count", "priority=\"URGENT\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_offers_total", "outcome=\"made\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_offers_total", "outcome=\"accepted\"")).isPositive();
            assertThat(scraped).contains("kafka_consumer_fetch_manager_records_lag_max");
            assertThat(scraped).doesNotContain("pt-1").doesNotContain(order.orderId());
        });

        // the order's trace continues through dispatch: the offer carries the trace id of the request
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_ORDERS)))) {
            await().atMost(WAIT).untilAsserted(() -> {
                String requested = traceId(orders.records().stream().filter(r -> r.value().contains(order.orderId())));
                String offered = traceId(decisions.records().stream().filter(r -> r.value().contains(order.orderId())
                        && r.value().contains("visit-offered")));
                assertThat(requested).isNotBlank().isEqualTo(offered);
            });
        }
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheNextOrderIsStillDispatched() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        String visitOrders = topics.name(Topic.VISIT_ORDERS);
        try (TopicProbe deadLetters = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.deadLetter(Topic.VISIT_ORDERS)));
             KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.shared().kafkaBootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(visitOrders, "wtw3e", "{not json"));
            VisitRequested unknownService = order("NO_SUCH_SERVICE");
            publisher.publishAndWait(unknownService);
            VisitRequested good = order("NURSING_INJECTION");
            publisher.publishAndWait(good);

            await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters.values())
                    .anyMatch(v -> v.equals("{not json"))
                    .anyMatch(v -> v.contains(unknownService.orderId())));
            assertThat(awaitOne(good.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
        }
    }

    /** The sum of a Prometheus sample's values over the series whose labels contain {@code labels}. */
    static double metric(String scraped, String name, String labels) {
        return scraped.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The W3C trace id of the first record, from its {@code traceparent} header. */
    static String traceId(java.util.stream.Stream<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.findFirst().map(r -> r.headers().lastHeader("traceparent"))
                .map(h -> new String(h.value(), java.nio.charset.StandardCharsets.UTF_8).split("-")[1]).orElse("");
    }
}
