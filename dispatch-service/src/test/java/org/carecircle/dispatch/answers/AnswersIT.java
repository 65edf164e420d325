package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.VisitCancelled;
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

/** An offer answered: declined, accepted, left to lapse; a visit cancelled or ended. */
class AnswersIT extends DispatchTestBase {
    @Test
    void aDeclineGoesToTheNextCandidateAndAnAcceptAssigns() {
        presence.available("first", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON);
        presence.available("second", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 400), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);
        JsonNode first = awaitOne(order.orderId(), "visit-offered", 0);

        publisher.publishAndWait(new OfferDeclined(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), first.get("offerId").asString(), "first", "busy"));
        JsonNode second = awaitOne(order.orderId(), "visit-offered", 1);
        OfferAccepted accepted = new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), second.get("offerId").asString(), "second");
        publisher.publishAndWait(List.of(accepted, accepted)); // a duplicate delivery has no second effect

        JsonNode assigned = awaitOne(order.orderId(), "visit-assigned", 0);
        assertThat(second.get("providerId").asString()).isEqualTo("second");
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(assigned.get("providerId").asString()).isEqualTo("second");
        assertThat(presence.hold("first")).as("the decliner is free again").isNull();
        assertThat(presence.hold("second")).isEqualTo("visit:" + order.orderId());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> decisionsFor(order.orderId(),
                "visit-assigned").stream().map(e -> e.get("eventId").asString()).distinct().count() == 1);
        // the decliner is never offered this order again, even when it is the only one left
        assertThat(decisionsFor(order.orderId(), "visit-offered")).hasSize(2);
    }

    @Test
    void anUnansweredOfferLapsesIsWithdrawnAndGoesToTheNextProvider() {
        presence.available("silent", "ns-1", List.of("CARE_WORKER"), "WALKING", LivePresence.north(LAT, 100), LON);
        presence.available("backup", "ns-2", List.of("CARE_WORKER"), "WALKING", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("CARE_LTC_VISIT");
        publisher.publishAndWait(order);
        JsonNode first = awaitOne(order.orderId(), "visit-offered", 0);

        JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
        JsonNode second = awaitOne(order.orderId(), "visit-offered", 1);

        assertThat(first.get("providerId").asString()).isEqualTo("silent");
        assertThat(withdrawn.get("offerId").asString()).isEqualTo(first.get("offerId").asString());
        assertThat(second.get("providerId").asString()).isEqualTo("backup");
        // accepting the lapsed offer now assigns nothing
        publisher.publishAndWait(new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), first.get("offerId").asString(), "silent"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> decisionsFor(order.orderId(), "visit-assigned").isEmpty());
        assertThat(presence.hold("silent")).isNull();
    }

    @Test
    void cancellingWithdrawsTheOpenOfferAndFreesTheProvider() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_VITALS");
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);

        publisher.publishAndWait(new VisitCancelled(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), "patient admitted"));

        JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
        assertThat(withdrawn.get("offerId").asString()).isEqualTo(offer.get("offerId").asString());
        await().atMost(WAIT).until(() -> presence.hold("nurse") == null);
        assertThat(redis.opsForGeo().position("cc:{live}:geo:NURSE:EBIKE", "nurse")).doesNotContainNull();
    }

    @Test
    void anEndedVisitKeepsItsProviderForTheTravelBufferThenFreesThem() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        publisher.publishAndWait(new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), offer.get("offerId").asString(), "nurse"));
        awaitOne(order.orderId(), "visit-assigned", 0);
        VisitRequested next = order("NURSING_VITALS");
        publisher.publishAndWait(next);
        awaitOne(next.orderId(), "visit-queued", 0);

        publisher.publishAndWait(new VisitCompleted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), "nurse", new VisitRecord("NURSING_INJECTION", "pt-1", "nurse", LocalDate.now(),
                order.areaKey(), 20, Instant.now(), Instant.now(), List.of(), null, null)));

        await().atMost(WAIT).until(() -> ("rest:" + order.orderId()).equals(presence.hold("nurse")));
        await().atMost(WAIT).until(() -> presence.hold("nurse") == null); // travel buffer of 2 s in this test
        // the provider's next heartbeat makes them available: the waiting order is offered to them
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        assertThat(awaitOne(next.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
    }
}
