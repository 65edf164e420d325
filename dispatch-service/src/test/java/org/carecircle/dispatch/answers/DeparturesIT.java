package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.dispatch.visit.domain.Attendance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A visit never waits on someone who has left: their offer moves on at once, not at its lapse; a visit they accepted
 * and did not start is escalated at once and dispatched anew after the grace.
 */
class DeparturesIT extends DispatchTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"SHIFT_ENDED", "BREAK_STARTED", "HEARTBEAT_LOST"})
    void anOfferOfAProviderWhoLeavesGoesToTheNextCandidateAtOnceAndNeverBackToThem(String reason) {
        presence.available("near", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON);
        presence.available("farther", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 600), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(order);
        JsonNode first = awaitOne(order.orderId(), "visit-offered", 0);
        assertThat(first.get("providerId").asString()).isEqualTo("near");

        leave("near", reason);

        JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
        assertThat(withdrawn.get("providerId").asString()).isEqualTo("near");
        assertThat(withdrawn.get("reason").asString()).isEqualTo(Departures.WHY.get(reason));
        JsonNode next = awaitOne(order.orderId(), "visit-offered", 1);
        assertThat(next.get("providerId").asString()).isEqualTo("farther");
        // moved on at once: well before the routine offer (3 s here) would have lapsed
        assertThat(Duration.between(Instant.parse(first.get("occurredAt").asString()),
                Instant.parse(next.get("occurredAt").asString()))).isLessThan(Duration.ofSeconds(3));
        assertThat(supervisor().get("/dispatch/visits/" + order.orderId()).ok().body().get("providersExcluded")
                .valueStream().map(JsonNode::asString)).contains("near");
        assertThat(presence.hold("near")).as("no longer held for the visit").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHIFT_ENDED", "HEARTBEAT_LOST"})
    void anAcceptedVisitWhoseProviderLeavesBeforeCheckInIsEscalatedAtOnceAndDispatchedAnewAfterTheGrace(String reason) {
        VisitRequested order = assignedTo("near");

        leave("near", reason);

        // supervisors are told at once, with the reason, in their list and on the visit's timeline
        JsonNode escalated = awaitOne(order.orderId(), "visit-escalated", 0);
        assertThat(escalated.get("reason").asString()).isEqualTo(Attendance.PROVIDER_LEFT);
        assertThat(escalated.get("detail").asString()).contains("near", Departures.WHY.get(reason));
        await().atMost(WAIT).until(() -> escalationOf(order).isPresent());
        assertThat(escalationOf(order).orElseThrow().get("reason").asString()).isEqualTo(Attendance.PROVIDER_LEFT);
        assertThat(supervisor().get("/dispatch/visits/" + order.orderId() + "/timeline").ok().text())
                .contains(Attendance.PROVIDER_LEFT);
        assertThat(decisionsFor(order.orderId(), "offer-withdrawn")).as("still theirs during the grace").isEmpty();

        // after the grace (3 s here) without a check-in: taken from them, freed, and offered to the next candidate
        JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
        assertThat(withdrawn.get("providerId").asString()).isEqualTo("near");
        assertThat(withdrawn.get("reason").asString()).contains("left before checking in");
        assertThat(Duration.between(Instant.parse(escalated.get("occurredAt").asString()),
                Instant.parse(withdrawn.get("occurredAt").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        JsonNode next = awaitOne(order.orderId(), "visit-offered", 1);
        assertThat(next.get("providerId").asString()).isEqualTo("farther");
        assertThat(presence.hold("near")).as("freed").isNull();
        assertThat(escalationOf(order)).as("no longer waiting on them").isEmpty();
    }

    @Test
    void aProviderWhoChecksInWithinTheGraceKeepsTheVisit() {
        VisitRequested order = assignedTo("near");
        leave("near", "HEARTBEAT_LOST");
        awaitOne(order.orderId(), "visit-escalated", 0);

        publisher.publishAndWait(new VisitCheckedIn(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), "near", 12, 8));

        await().atMost(WAIT).until(() -> escalationOf(order).isEmpty());
        // well past the grace (3 s): still theirs
        await().during(Duration.ofSeconds(4)).atMost(WAIT)
                .until(() -> decisionsFor(order.orderId(), "offer-withdrawn").isEmpty());
        assertThat(supervisor().get("/dispatch/visits/" + order.orderId()).ok().body().get("status").asString())
                .isEqualTo("ASSIGNED");
    }

    @Test
    void aProviderWhoLeavesAfterCheckingInIsNotChasedAway() {
        VisitRequested order = assignedTo("near");
        publisher.publishAndWait(new VisitCheckedIn(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(),
                order.areaKey(), "near", 12, 8));
        await().atMost(WAIT).until(() -> supervisor().get("/dispatch/visits/" + order.orderId()).ok().body()
                .get("checkedIn").valueStream().anyMatch(p -> p.asString().equals("near")));

        leave("near", "HEARTBEAT_LOST");

        await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> decisionsFor(order.orderId(), "visit-escalated")
                .isEmpty() && decisionsFor(order.orderId(), "offer-withdrawn").isEmpty());
    }

    /** A routine visit offered to the nearer of two nurses, accepted and assigned. */
    private VisitRequested assignedTo(String providerId) {
        presence.available("near", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON);
        presence.available("farther", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 600), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo(providerId);
        publisher.publishAndWait(accept(order, offer));
        awaitOne(order.orderId(), "visit-assigned", 0);
        return order;
    }

    private Optional<JsonNode> escalationOf(VisitRequested order) {
        return supervisor().get("/dispatch/escalations").ok().body().valueStream()
                .filter(e -> e.get("orderId").asString().equals(order.orderId())).findFirst();
    }

    /** What provider-service does when a provider leaves, and the event it announces. */
    private void leave(String providerId, String reason) {
        switch (reason) {
            case "SHIFT_ENDED" -> live.shift(providerId, false);
            case "BREAK_STARTED" -> live.onBreak(providerId, true);
            default -> { // the last heartbeat runs out and the sweep takes them out
                live.heartbeat(providerId, new GeoPoint(LivePresence.north(LAT, 200), LON), 10, Duration.ofMillis(1), 200);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> live.expireStale(500).contains(providerId));
            }
        }
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                providerId, "ns-1", false, reason));
    }
}
