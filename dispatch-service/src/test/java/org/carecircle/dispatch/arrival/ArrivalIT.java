package org.carecircle.dispatch.arrival;

import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A visit arrives: at its lead time when it has a time window, waiting visibly while nobody may go. */
class ArrivalIT extends DispatchTestBase {
    @Test
    void aVisitWithATimeWindowIsMatchedAtItsLeadTimeAndNotBefore() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        Instant opens = Instant.now().plusSeconds(9);
        VisitRequested planned = order("NURSING_INJECTION", "SCHEDULED", "pt-1", LocalDate.now(), LAT);
        planned = new VisitRequested(planned.eventId(), 3, planned.occurredAt(), planned.orderId(), planned.areaKey(),
                planned.requester(), planned.serviceCode(), planned.priority(), planned.patientRef(), planned.home(),
                new org.carecircle.contracts.events.TimeWindow(opens, opens.plus(Duration.ofHours(1))), planned.details(),
                null, planned.firstVisitAssessedOn(), "ser-test");
        publisher.publishAndWait(planned);
        String orderId = planned.orderId();

        // the lead time is 4 s in this test: nothing happens in the first 2 s, and the supervisors' board does not
        // count it as waiting
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                decisionsFor(orderId, "visit-offered").isEmpty() && decisionsFor(orderId, "visit-queued").isEmpty());
        assertThat(supervisor().get("/dispatch/areas").ok().text()).doesNotContain("\"waiting\":1");
        JsonNode offer = awaitOne(orderId, "visit-offered", 0);
        assertThat(Instant.parse(offer.get("occurredAt").asString())).isAfterOrEqualTo(opens.minusSeconds(4));
        assertThat(offer.get("window").get("earliestStart").asString()).isEqualTo(opens.toString());
    }

    @Test
    void withNobodyQualifiedTheOrderWaitsVisiblyAndIsOfferedAsSoonAsSomeoneIsAvailable() {
        VisitRequested order = order("NURSING_PICC_MAINT");
        publisher.publishAndWait(order);

        awaitOne(order.orderId(), "visit-queued", 0);
        JsonNode queue = supervisor().get("/dispatch/queue").ok().body();
        assertThat(queue.valueStream().map(q -> q.get("orderId").asString())).contains(order.orderId());
        assertThat(queue.toString()).doesNotContain("华阳路");

        presence.available("picc", "ns-1", List.of("NURSE", "PICC_NURSE"), "BICYCLE", LivePresence.north(LAT, 800), LON);
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                "picc", "ns-1", true, "ON_DUTY_LOCATED"));

        assertThat(awaitOne(order.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("picc");
        await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor().get("/dispatch/queue").ok().body().toString()).doesNotContain(order.orderId()));
        // another district's supervisor does not see it, and callers without the role are refused
        assertThat(supervisor("xuhui").get("/dispatch/visits/" + order.orderId()).status()).isEqualTo(404);
    }

    @Test
    void nursingForANewPatientWaitsForTheFirstVisitAssessmentThenGoesAhead() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        presence.available("doctor", "chc-1", List.of("PHYSICIAN"), "EBIKE", LivePresence.north(LAT, 500), LON);
        VisitRequested wound = order("NURSING_WOUND_CARE", "ROUTINE", "pt-new", null, LAT);
        publisher.publishAndWait(wound);

        assertThat(awaitOne(wound.orderId(), "visit-queued", 0).get("reason").asString())
                .startsWith("FIRST_VISIT_ASSESSMENT_MISSING");
        assertThat(presence.hold("nurse")).isNull();

        VisitRequested assessment = order("MED_FIRST_VISIT_ASSESS", "ROUTINE", "pt-new", null, LAT);
        publisher.publishAndWait(assessment);
        JsonNode offer = awaitOne(assessment.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("doctor");
        publisher.publishAndWait(accept(assessment, offer));
        awaitOne(assessment.orderId(), "visit-assigned", 0);
        assertThat(decisionsFor(wound.orderId(), "visit-offered")).as("not before the assessment is done").isEmpty();

        publisher.publishAndWait(new VisitCompleted(UUID.randomUUID().toString(), 1, Instant.now(),
                assessment.orderId(), assessment.areaKey(), "doctor", new VisitRecord("MED_FIRST_VISIT_ASSESS",
                "pt-new", "doctor", LocalDate.now(), assessment.areaKey(), 20, Instant.now(), Instant.now(), List.of(),
                null, null)));

        assertThat(awaitOne(wound.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
    }
}
