package org.carecircle.dispatch.clocks;

import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What time does to a waiting visit: its circle widens, it is escalated, its SLA breach announced. */
class ClocksIT extends DispatchTestBase {
    @Test
    void theCircleWidensAfterAWaitThenTheVisitIsEscalatedAndItsSlaBreachAnnounced() {
        // an e-bike nurse 4.2 km away: outside the 15-minute circle (~3.4 km), inside it widened 1.5 times
        presence.available("far-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 4200), LON);
        VisitRequested widened = order("NURSING_INJECTION");
        publisher.publishAndWait(widened);
        awaitOne(widened.orderId(), "visit-queued", 0);
        JsonNode offer = awaitOne(widened.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("far-nurse");
        assertThat(offer.get("explanation").get("radiusFactor").asDouble()).isEqualTo(1.5);
        assertThat(Duration.between(Instant.parse(decisionsFor(widened.orderId(), "visit-queued").getFirst()
                .get("occurredAt").asString()), Instant.parse(offer.get("occurredAt").asString()))).isPositive();

        VisitRequested nobody = order("PALLIATIVE_SYMPTOM", "URGENT", "pt-3", null, LAT);
        publisher.publishAndWait(nobody);

        JsonNode breached = awaitOne(nobody.orderId(), "visit-sla-breached", 0);
        JsonNode escalated = awaitOne(nobody.orderId(), "visit-escalated", 0);
        assertThat(breached.get("targetSeconds").asLong()).isEqualTo(2);
        assertThat(escalated.get("reason").asString()).isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                decisionsFor(nobody.orderId(), "visit-escalated").stream().map(e -> e.get("eventId").asString())
                        .distinct().count() == 1); // said once
        assertThat(supervisor().get("/dispatch/queue").ok().body().valueStream()
                .filter(q -> q.get("orderId").asString().equals(nobody.orderId())).findFirst().orElseThrow()
                .get("escalated").asBoolean()).isTrue();
        // the supervisors' escalation list says why
        JsonNode escalation = supervisor().get("/dispatch/escalations").ok().body()
                .valueStream().filter(e -> e.get("orderId").asString().equals(nobody.orderId())).findFirst().orElseThrow();
        assertThat(escalation.get("reason").asString()).isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
        assertThat(escalation.get("serviceCode").asString()).isEqualTo("PALLIATIVE_SYMPTOM");
    }
}
