package org.carecircle.dispatch.offering;

import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.ProviderProfile;
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

/** Whom a visit is offered to: the circle, the ranking and its explanation, parallel offers, pairs, joint
 * batches, planned visits from bases, continuity. */
class OfferingIT extends DispatchTestBase {
    @Test
    void offersTheQualifiedProviderWithTheShortestTravelTimeInsideTheirCircle() {
        presence.available("ebike-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 1000), LON);
        presence.available("car-nurse", "ns-2", List.of("NURSE"), "CAR", LivePresence.north(LAT, 500), LON);
        presence.available("far-walker", "ns-3", List.of("NURSE"), "WALKING", LivePresence.north(LAT, 900), LON);
        presence.available("carer-next-door", "ns-4", List.of("CARE_WORKER"), "WALKING", LivePresence.north(LAT, 50), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");

        publisher.publishAndWait(order);

        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        // e-bike 1 km ≈ 4.5 min beats a car 500 m away (5 min to park); the walker 900 m away is outside the
        // walking circle (~760 m) and the care worker next door is not qualified for wound care
        assertThat(offer.get("providerId").asString()).isEqualTo("ebike-nurse");
        assertThat(offer.get("distanceMeters").asInt()).isBetween(990, 1010);
        assertThat(offer.get("etaMinutes").asInt()).isEqualTo(5);
        assertThat(offer.get("organizationId").asString()).isEqualTo("ns-1");
        assertThat(presence.hold("ebike-nurse")).isEqualTo("offer:" + offer.get("offerId").asString());
    }

    @Test
    void anOfferExplainsItselfAndTheDecisionShowsEveryExclusion() {
        ProviderProfile expired = new ProviderProfile("主管护师", 10, List.of(new ProviderProfile.Credential("NURSE_LICENCE",
                LocalDate.now().minusDays(1))), List.of(), "FEMALE", List.of(), 0);
        ProviderProfile junior = new ProviderProfile("护士", 1, LivePresence.qualified(0).credentials(), List.of(),
                "FEMALE", List.of(), 0);
        presence.available("expired-licence", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON, expired);
        presence.available("junior-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON, junior);
        presence.available("senior-nurse", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 900), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");

        publisher.publishAndWait(order);

        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("senior-nurse");
        JsonNode explanation = offer.get("explanation");
        assertThat(explanation.get("candidatesConsidered").asInt()).isEqualTo(3);
        assertThat(explanation.get("excluded").valueStream().map(e -> e.get("providerId").asString() + ": "
                + e.get("reason").asString())).containsExactlyInAnyOrder(
                "expired-licence: NURSE_LICENCE not valid on " + LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")),
                "junior-nurse: online home nursing needs 5+ years of practice and the title 护师 or higher");
        assertThat(explanation.get("etaScore").asDouble()).isEqualTo(offer.get("etaMinutes").asDouble());
        assertThat(offer.get("callEmergency").asBoolean()).isFalse();
        JsonNode decision = supervisor().get("/dispatch/visits/" + order.orderId() + "/decision").ok().body();
        assertThat(decision.get("outcome").asString()).isEqualTo("OFFERED");
        assertThat(decision.get("ranking").get(0).get("providerId").asString()).isEqualTo("senior-nurse");
        assertThat(decision.get("excluded").size()).isEqualTo(2);
    }

    @Test
    void anEmergencyOfferSaysToCall120AndWithNobodyEligibleTheWaitSaysWhy() {
        presence.available("responder", "ns-1", List.of("FIRST_RESPONDER"), "WALKING", LivePresence.north(LAT, 100), LON);
        VisitRequested alarm = order("EMERGENCY_ALARM_CHECK", "EMERGENCY", "pt-9", null, LAT);
        publisher.publishAndWait(alarm);
        assertThat(awaitOne(alarm.orderId(), "visit-offered", 0).get("callEmergency").asBoolean()).isTrue();

        ProviderProfile expired = new ProviderProfile("主管护师", 10, List.of(new ProviderProfile.Credential("NURSE_LICENCE",
                LocalDate.now().minusYears(1))), List.of(), "FEMALE", List.of(), 0);
        presence.available("only-expired", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON, expired);
        VisitRequested wound = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(wound);
        assertThat(awaitOne(wound.orderId(), "visit-queued", 0).get("reason").asString())
                .contains("all 1 providers inside the circle were excluded").contains("NURSE_LICENCE not valid");
    }

    @Test
    void urgentVisitsAreOfferedToTheTopThreeAtOnceTheFirstAcceptWinsAndTheOthersAreWithdrawn() {
        for (int i = 0; i < 4; i++) {
            presence.available("nurse-" + i, "ns-" + i, List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300 + i * 400), LON);
        }
        VisitRequested urgent = order("NURSING_WOUND_CARE", "URGENT", "pt-1", LocalDate.now().minusDays(3), LAT);
        publisher.publishAndWait(urgent);

        await().atMost(WAIT).until(() -> decisionsFor(urgent.orderId(), "visit-offered").size() == 3);
        List<JsonNode> offers = decisionsFor(urgent.orderId(), "visit-offered");
        assertThat(offers).extracting(o -> o.get("providerId").asString())
                .containsExactlyInAnyOrder("nurse-0", "nurse-1", "nurse-2");
        assertThat(offers).allSatisfy(o -> {
            assertThat(o.get("offerMode").asString()).isEqualTo("PARALLEL");
            assertThat(o.get("explanation").get("candidatesConsidered").asInt()).isEqualTo(4);
        });
        assertThat(presence.hold("nurse-3")).as("the fourth is not held").isNull();
        JsonNode second = offers.stream().filter(o -> o.get("providerId").asString().equals("nurse-1")).findFirst().orElseThrow();
        JsonNode first = offers.stream().filter(o -> o.get("providerId").asString().equals("nurse-0")).findFirst().orElseThrow();

        publisher.publishAndWait(accept(urgent, second));

        assertThat(awaitOne(urgent.orderId(), "visit-assigned", 0).get("providerId").asString()).isEqualTo("nurse-1");
        await().atMost(WAIT).until(() -> decisionsFor(urgent.orderId(), "offer-withdrawn").size() == 2);
        assertThat(decisionsFor(urgent.orderId(), "offer-withdrawn")).allSatisfy(w ->
                assertThat(w.get("reason").asString()).isEqualTo("another provider accepted first"));
        await().atMost(WAIT).until(() -> presence.hold("nurse-0") == null && presence.hold("nurse-2") == null);
        // a late accept of a withdrawn offer is no longer theirs: nothing more is assigned
        publisher.publishAndWait(accept(urgent, first));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                decisionsFor(urgent.orderId(), "visit-assigned").size() == 1);
        assertThat(presence.hold("nurse-0")).isNull();
        assertThat(presence.hold("nurse-1")).isEqualTo("visit:" + urgent.orderId());
    }

    @Test
    void bathingIsDispatchedAsAPairAndAssignedOnceBothAccepted() {
        presence.available("carer-a", "ns-1", List.of("BATHING_CARER"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested bathing = order("CARE_BATHING", "SCHEDULED", "pt-2", null, LAT);
        publisher.publishAndWait(bathing);

        assertThat(awaitOne(bathing.orderId(), "visit-queued", 0).get("reason").asString())
                .isEqualTo("a two-person service: 1 of the 2 providers it needs are available");
        assertThat(presence.hold("carer-a")).as("half a pair is not held").isNull();

        presence.available("carer-b", "ns-2", List.of("BATHING_CARER"), "EBIKE", LivePresence.north(LAT, 600), LON);
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                "carer-b", "ns-2", true, "ON_DUTY_LOCATED"));
        await().atMost(WAIT).until(() -> decisionsFor(bathing.orderId(), "visit-offered").size() == 2);
        List<JsonNode> offers = decisionsFor(bathing.orderId(), "visit-offered");
        assertThat(offers).allSatisfy(o -> assertThat(o.get("offerMode").asString()).isEqualTo("PAIR"));

        publisher.publishAndWait(accept(bathing, offers.get(0)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                decisionsFor(bathing.orderId(), "visit-assigned").isEmpty());
        publisher.publishAndWait(accept(bathing, offers.get(1)));

        await().atMost(WAIT).until(() -> decisionsFor(bathing.orderId(), "visit-assigned").size() == 2);
        assertThat(decisionsFor(bathing.orderId(), "visit-assigned")).allSatisfy(a ->
                assertThat(a.get("team").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("carer-a", "carer-b"));
        assertThat(presence.hold("carer-a")).isEqualTo("visit:" + bathing.orderId());
        assertThat(presence.hold("carer-b")).isEqualTo("visit:" + bathing.orderId());

        // cancelling frees both
        publisher.publishAndWait(new VisitCancelled(UUID.randomUUID().toString(), 1, Instant.now(), bathing.orderId(),
                bathing.areaKey(), "patient admitted"));
        await().atMost(WAIT).until(() -> presence.hold("carer-a") == null && presence.hold("carer-b") == null);
        assertThat(decisionsFor(bathing.orderId(), "offer-withdrawn")).hasSize(2);
    }

    @Test
    void routineVisitsArrivingTogetherAreAssignedJointlyNotFirstComeNearest() {
        double farLat = LivePresence.north(LAT, 4000);
        // "both" can reach either home and is nearest to the first; "south" reaches only the first
        presence.available("both", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 1500), LON);
        presence.available("south", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, -2000), LON);
        VisitRequested first = order("NURSING_INJECTION", "ROUTINE", "pt-1", LocalDate.now(), LAT);
        VisitRequested second = order("NURSING_INJECTION", "ROUTINE", "pt-2", LocalDate.now(), farLat);
        publisher.publishAndWait(List.of(first, second));

        // first come, nearest would send "both" to the first and leave the second without anyone
        assertThat(awaitOne(first.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("south");
        assertThat(awaitOne(second.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("both");
        assertThat(decisionsFor(second.orderId(), "visit-queued")).isEmpty();
    }

    @Test
    void aPlannedVisitIsMatchedFromProvidersBasesNotFromWhereTheyHappenToBeWhileUrgentWorkUsesLiveLocations() {
        // one nurse is out near the home right now but works from a station 12 km away; the other is 12 km away
        // right now but their station is round the corner from the home
        presence.available("nurse-passing-by", "ns-far", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        presence.base("nurse-passing-by", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 12_000), LON);
        presence.available("nurse-of-this-street", "ns-near", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 12_000), LON);
        presence.base("nurse-of-this-street", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 500), LON);

        Instant earliest = Instant.now().plus(Duration.ofHours(2));
        VisitRequested planned = windowed(order("NURSING_VITALS", "SCHEDULED", "pt-base", LocalDate.now(), LAT),
                earliest, earliest.plus(Duration.ofMinutes(30)));
        VisitRequested urgent = order("NURSING_INJECTION", "URGENT", "pt-live", LocalDate.now(), LAT);
        publisher.publishAndWait(planned);

        JsonNode plannedOffer = awaitOne(planned.orderId(), "visit-offered", 0);
        assertThat(plannedOffer.get("providerId").asString()).isEqualTo("nurse-of-this-street");
        assertThat(plannedOffer.get("distanceMeters").asInt()).isBetween(450, 550); // from the station, not from 12 km
        publisher.publishAndWait(urgent);
        assertThat(awaitOne(urgent.orderId(), "visit-offered", 0).get("providerId").asString())
                .isEqualTo("nurse-passing-by");
    }

    @Test
    void theNextOccurrenceOfASeriesGoesToTheProviderWhoServedTheLastOneWhenTheyAreFree() {
        presence.available("usual", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 1000), LON);
        Instant firstWindow = Instant.now().plus(Duration.ofHours(1));
        VisitRequested first = windowed(order("NURSING_VITALS", "SCHEDULED", "pt-series", LocalDate.now(), LAT),
                firstWindow, firstWindow.plus(Duration.ofMinutes(30)));
        publisher.publishAndWait(first);
        publisher.publishAndWait(accept(first, awaitOne(first.orderId(), "visit-offered", 0)));
        awaitOne(first.orderId(), "visit-assigned", 0);
        publisher.publishAndWait(new VisitCompleted(UUID.randomUUID().toString(), 1, Instant.now(), first.orderId(),
                first.areaKey(), "usual", new VisitRecord("NURSING_VITALS", "pt-series", "usual", LocalDate.now(),
                first.areaKey(), 15, Instant.now(), Instant.now(), List.of(), null, null)));
        await().atMost(WAIT).until(() -> "usual".equals(redis.opsForValue().get("cc:{dispatch}:last-provider:pt-series")));
        // a nurse whose station is nearer comes on the scene before the next occurrence is matched
        presence.available("nearer", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 500), LON);

        Instant secondWindow = firstWindow.plus(Duration.ofHours(2));
        VisitRequested second = windowed(order("NURSING_VITALS", "SCHEDULED", "pt-series", LocalDate.now(), LAT),
                secondWindow, secondWindow.plus(Duration.ofMinutes(30)));
        publisher.publishAndWait(second);
        JsonNode kept = awaitOne(second.orderId(), "visit-offered", 0);
        assertThat(kept.get("providerId").asString()).isEqualTo("usual");
        assertThat(kept.get("explanation").get("continuityScore").asDouble()).isEqualTo(-5.0);
        assertThat(kept.get("window").get("earliestStart").asString()).isEqualTo(secondWindow.toString());
    }

    @Test
    void theNextVisitGoesToWhoeverServedThePatientLastWhenAvailableAndAChangeSaysWhy() {
        presence.available("usual", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 1000), LON);
        VisitRequested first = order("NURSING_INJECTION", "ROUTINE", "pt-cont", LocalDate.now(), LAT);
        publisher.publishAndWait(first);
        publisher.publishAndWait(accept(first, awaitOne(first.orderId(), "visit-offered", 0)));
        awaitOne(first.orderId(), "visit-assigned", 0);
        publisher.publishAndWait(new VisitCompleted(UUID.randomUUID().toString(), 1, Instant.now(), first.orderId(),
                first.areaKey(), "usual", new VisitRecord("NURSING_INJECTION", "pt-cont", "usual", LocalDate.now(),
                first.areaKey(), 20, Instant.now(), Instant.now(), List.of(), null, null)));
        await().atMost(WAIT).until(() -> presence.hold("usual") == null); // after the 2 s travel buffer
        presence.available("usual", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 1000), LON);
        presence.available("nearer", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 500), LON);

        // the usual nurse (5 min away, minus 5 for continuity, plus 2 for today's visit: 2) beats one 3 min away
        VisitRequested second = order("NURSING_INJECTION", "ROUTINE", "pt-cont", LocalDate.now(), LAT);
        publisher.publishAndWait(second);
        JsonNode kept = awaitOne(second.orderId(), "visit-offered", 0);
        assertThat(kept.get("providerId").asString()).isEqualTo("usual");
        assertThat(kept.get("explanation").get("continuityScore").asDouble()).isEqualTo(-5.0);
        assertThat(kept.get("explanation").get("previousProvider").isNull()).isTrue();
        publisher.publishAndWait(new OfferDeclined(UUID.randomUUID().toString(), 1, Instant.now(), second.orderId(),
                second.areaKey(), kept.get("offerId").asString(), "usual", "off sick"));

        // when they cannot, the other one goes, and the offer says whom the patient had and why not them
        JsonNode changed = awaitOne(second.orderId(), "visit-offered", 1);
        assertThat(changed.get("providerId").asString()).isEqualTo("nearer");
        assertThat(changed.get("explanation").get("previousProvider").asString()).isEqualTo("usual");
        assertThat(changed.get("explanation").get("providerChangeReason").asString())
                .isEqualTo("declined or let an earlier offer of this visit lapse");
        assertThat(supervisor().get("/dispatch/visits/" + second.orderId() + "/timeline").ok().text())
                .contains("not usual who served last");
    }
}
