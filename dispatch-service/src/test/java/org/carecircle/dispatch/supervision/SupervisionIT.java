package org.carecircle.dispatch.supervision;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Supervisors at work: reassigning a visit, pausing an area, the board. */
class SupervisionIT extends DispatchTestBase {
    @Test
    void aSupervisorReassignsAVisitThroughTheSameGatesAndTheAuditNamesThemAndTheirReason() {
        presence.available("first-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON);
        presence.available("second-nurse", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 900), LON);
        presence.available("carer", "ns-3", List.of("CARE_WORKER"), "EBIKE", LivePresence.north(LAT, 100), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("first-nurse");
        publisher.publishAndWait(accept(order, offer));
        awaitOne(order.orderId(), "visit-assigned", 0);
        String path = "/dispatch/visits/" + order.orderId() + "/assignment";

        // the same gates: a care worker may not do wound care; a reason is required; other districts see nothing
        TestClient.Response unqualified = supervisor("changning").post(path,
                Map.of("providerId", "carer", "reason", "closest"));
        assertThat(unqualified.status()).as(String.valueOf(unqualified.body())).isEqualTo(422);
        assertThat(unqualified.body().get("errors").get(0).get("field").asString()).isEqualTo("providerId");
        assertThat(supervisor("changning").post(path, Map.of("providerId", "second-nurse")).status())
                .isEqualTo(400);
        assertThat(supervisor("xuhui").post(path, Map.of("providerId", "second-nurse", "reason", "x"))
                .status()).isEqualTo(404);

        try (TopicProbe audit = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.ORDER_AUDIT)))) {
            TestClient.Response reassigned = supervisor("changning").post(path,
                    Map.of("providerId", "second-nurse", "reason", "first nurse fell ill"));

            assertThat(reassigned.status()).isEqualTo(200);
            assertThat(reassigned.body().get("team").get(0).asString()).isEqualTo("second-nurse");
            JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
            assertThat(withdrawn.get("providerId").asString()).isEqualTo("first-nurse");
            assertThat(withdrawn.get("reason").asString()).isEqualTo("reassigned by a supervisor");
            JsonNode assigned = awaitOne(order.orderId(), "visit-assigned", 1);
            assertThat(assigned.get("providerId").asString()).isEqualTo("second-nurse");
            assertThat(awaitOne(order.orderId(), "visit-offered", 1).get("offerMode").asString()).isEqualTo("SUPERVISOR");
            await().atMost(WAIT).until(() -> presence.hold("first-nurse") == null);
            assertThat(presence.hold("second-nurse")).isEqualTo("visit:" + order.orderId());
            await().atMost(WAIT).untilAsserted(() -> assertThat(audit.values().stream().map(json::readTree)
                    .filter(a -> a.get("orderId").asString().equals(order.orderId())))
                    .singleElement().satisfies(a -> {
                        assertThat(a.get("action").asString()).isEqualTo("REASSIGN");
                        assertThat(a.get("actor").asString()).isEqualTo("supervisor@changning");
                        assertThat(a.get("reason").asString()).isEqualTo("first nurse fell ill");
                    }));
        }
        // the one who declined may be assigned only with an override
        VisitRequested second = order("NURSING_INJECTION");
        publisher.publishAndWait(second);
        JsonNode toFirst = awaitOne(second.orderId(), "visit-offered", 0);
        assertThat(toFirst.get("providerId").asString()).isEqualTo("first-nurse");
        publisher.publishAndWait(new OfferDeclined(UUID.randomUUID().toString(), 1, Instant.now(), second.orderId(),
                second.areaKey(), toFirst.get("offerId").asString(), "first-nurse", "busy"));
        awaitOne(second.orderId(), "visit-queued", 0);
        String secondPath = "/dispatch/visits/" + second.orderId() + "/assignment";
        assertThat(supervisor("changning").post(secondPath, Map.of("providerId", "first-nurse", "reason", "agreed by phone"))
                .status()).isEqualTo(422);
        assertThat(supervisor("changning").post(secondPath, Map.of("providerId", "first-nurse",
                "reason", "agreed by phone", "override", true)).status()).isEqualTo(200);
        assertThat(awaitOne(second.orderId(), "visit-assigned", 0).get("providerId").asString()).isEqualTo("first-nurse");
    }

    @Test
    void aPausedAreaKeepsItsVisitsWaitingUntilResumedAndTheBoardShowsIt() {
        assertThat(supervisor("changning").put("/dispatch/areas/wtw3e/pause", Map.of("reason", "road closed"))
                .status()).isEqualTo(200);
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);

        assertThat(awaitOne(order.orderId(), "visit-queued", 0).get("reason").asString())
                .isEqualTo("dispatch paused in area wtw3e by a supervisor: road closed");
        JsonNode area = supervisor().get("/dispatch/areas").ok().body().valueStream()
                .filter(a -> a.get("area").asString().equals("wtw3e")).findFirst().orElseThrow();
        assertThat(area.get("waiting").asInt()).isEqualTo(1);
        assertThat(area.get("paused").get("reason").asString()).isEqualTo("road closed");
        JsonNode onDuty = supervisor().get("/dispatch/providers/on-duty").ok().body();
        assertThat(onDuty.toString()).contains("\"available\":1");
        assertThat(decisionsFor(order.orderId(), "visit-offered")).isEmpty();

        assertThat(supervisor("changning").delete("/dispatch/areas/wtw3e/pause").status()).isEqualTo(204);
        assertThat(awaitOne(order.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
    }
}
