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

import java.time.Instant;
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
    void theRelaySendsEventsSavedButNeverAcknowledged() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);
        publisher.publishAndWait(accept(order, awaitOne(order.orderId(), "visit-offered", 0)));
        JsonNode assigned = awaitOne(order.orderId(), "visit-assigned", 0);

        // an assigned visit waits for nothing more: only the relay can send what was saved and never published
        String unsent = UUID.randomUUID().toString();
        saveUnpublished(order.orderId(), assigned, org.carecircle.contracts.events.VisitAssigned.class, unsent);
        assertThat(decisions.values()).noneMatch(v -> v.contains(unsent));
        assertThat(visits.find(order.orderId()).orElseThrow().unsent()).isTrue();

        await().atMost(VisitUpdates.UNSENT_GRACE.plus(WAIT)).untilAsserted(() -> assertThat(decisionsFor(order.orderId(),
                "visit-assigned")).extracting(n -> n.get("eventId").asString()).contains(unsent));
        await().atMost(WAIT).until(() -> visits.unsentBy(Long.MAX_VALUE, 10).isEmpty()
                && !visits.find(order.orderId()).orElseThrow().unsent());
    }

    @Test
    void aChangeSendsTheVisitsUnsentEventsBeforeItsOwn() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);
        JsonNode offered = awaitOne(order.orderId(), "visit-offered", 0);

        String unsent = UUID.randomUUID().toString();
        saveUnpublished(order.orderId(), offered, VisitOffered.class, unsent);

        // the offer lapses in 3 s here, long before the relay's grace: the lapse sends the unsent event, then its own
        JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
        List<String> ids = decisions.values().stream().map(json::readTree).map(n -> n.get("eventId").asString()).toList();
        assertThat(ids).contains(unsent);
        assertThat(ids.indexOf(unsent)).isLessThan(ids.indexOf(withdrawn.get("eventId").asString()));
        assertThat(Instant.parse(withdrawn.get("occurredAt").asString()))
                .isBefore(Instant.parse(offered.get("occurredAt").asString()).plus(VisitUpdates.UNSENT_GRACE));
    }

    /** Saves the visit as it stands with one new event (a copy of {@code published} under {@code eventId}), not published. */
    private void saveUnpublished(String orderId, JsonNode published, Class<? extends VisitEvent> type, String eventId) {
        VisitRepository.Stored stored = visits.find(orderId).orElseThrow();
        ObjectNode copy = (ObjectNode) published.deepCopy();
        copy.put("eventId", eventId);
        VisitEvent event = json.treeToValue(copy, type);
        assertThat(visits.save(new Transition(stored.visit(), List.of(event)), stored.version())).isTrue();
    }
}
