package org.carecircle.dispatch.visit;

import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A visit saved in Redis whose events Kafka never acknowledged — the publish after the save failed while a broker
 * elected leaders, or the instance died between the two — must not stand at a step the record does not show: the
 * relay sends them. Found by the fault suite: after a leader was killed, two orders stayed at visit-requested
 * although dispatch had saved their offers.
 */
class UnsentEventsIT extends DispatchTestBase {
    @Autowired
    VisitRepository visits;

    @Test
    void eventsSavedButNeverAcknowledgedReachTheRecord() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);
        JsonNode offered = awaitOne(order.orderId(), "visit-offered", 0);

        // a transition saved and never published (as if Kafka did not answer, or the instance died right after);
        // whichever comes first sends it: the relay, or the next change of the visit (its offer lapses in 3 s here)
        String unsent = UUID.randomUUID().toString();
        saveUnpublished(order.orderId(), offered, unsent);
        assertThat(decisions.values()).noneMatch(v -> v.contains(unsent));
        assertThat(visits.find(order.orderId()).orElseThrow().unsent()).isTrue();

        await().atMost(WAIT).untilAsserted(() -> assertThat(decisionsFor(order.orderId(), "visit-offered"))
                .extracting(n -> n.get("eventId").asString()).contains(unsent));
        await().atMost(WAIT).until(() -> visits.unsentBy(Long.MAX_VALUE, 10).isEmpty()
                && !visits.find(order.orderId()).orElseThrow().unsent());
    }

    /** Saves the visit as it stands with one new event (a copy of its offer under {@code eventId}), not published. */
    private void saveUnpublished(String orderId, JsonNode offered, String eventId) {
        VisitRepository.Stored stored = visits.find(orderId).orElseThrow();
        ObjectNode copy = (ObjectNode) offered.deepCopy();
        copy.put("eventId", eventId);
        VisitEvent event = json.treeToValue(copy, VisitOffered.class);
        assertThat(visits.save(new Transition(stored.visit(), List.of(event)), stored.version())).isTrue();
    }
}
