package org.carecircle.dispatch.answers;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A visit never waits on someone who has left: their offer moves on at once, not at its lapse. */
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
