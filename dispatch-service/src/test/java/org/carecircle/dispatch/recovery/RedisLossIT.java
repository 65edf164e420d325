package org.carecircle.dispatch.recovery;

import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.infra.TestClient;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis loses everything in the middle of a busy morning: dispatch rebuilds its visits and what they hold from the
 * log, nobody is assigned twice, the provider who accepted keeps the visit, and new orders are offered as usual.
 */
@TestPropertySource(properties = {"carecircle.views.check-interval=300ms", "carecircle.http.rate-limit.enabled=false"})
@DirtiesContext
class RedisLossIT extends DispatchTestBase {
    @Autowired
    ViewGuard guard;

    @Test
    void afterAFlushAllEveryVisitIsAsItWasAndDispatchGoesOnWithoutAssigningAnyoneTwice() {
        List<String> nurses = List.of("n-1", "n-2", "n-3", "n-4");
        available(nurses);
        VisitRequested assigned = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(assigned);
        JsonNode first = awaitOne(assigned.orderId(), "visit-offered", 0);
        publisher.publishAndWait(accept(assigned, first));
        awaitOne(assigned.orderId(), "visit-assigned", 0);
        // scheduled priority: its offer stays open half an hour, well past this test
        VisitRequested offered = order("NURSING_WOUND_CARE", "SCHEDULED", "pt-2", java.time.LocalDate.now().minusDays(30), LAT);
        publisher.publishAndWait(offered);
        JsonNode open = awaitOne(offered.orderId(), "visit-offered", 0);
        VisitRequested nobody = order("PALLIATIVE_SYMPTOM", "URGENT", "pt-3", null, LAT); // no physician around
        publisher.publishAndWait(nobody);
        awaitOne(nobody.orderId(), "visit-queued", 0);
        VisitRequested cancelled = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(cancelled);
        awaitOne(cancelled.orderId(), "visit-offered", 0);
        publisher.publishAndWait(new VisitCancelled(UUID.randomUUID().toString(), 1, Instant.now(),
                cancelled.orderId(), cancelled.areaKey(), "no longer needed"));
        awaitOne(cancelled.orderId(), "offer-withdrawn", 0);
        VisitRequested planned = windowed(order("NURSING_WOUND_CARE"), Instant.now().plusSeconds(3600),
                Instant.now().plusSeconds(7200)); // matched at its lead time, an hour from now
        publisher.publishAndWait(planned);
        Map<String, String> statusBefore = Map.of(assigned.orderId(), "ASSIGNED", offered.orderId(), "OFFERED",
                nobody.orderId(), "WAITING", cancelled.orderId(), "CANCELLED", planned.orderId(), "REQUESTED");
        await().atMost(WAIT).until(() -> statusBefore.entrySet().stream().allMatch(e -> e.getValue()
                .equals(supervisor().get("/dispatch/visits/" + e.getKey()).ok().body().get("status").asString())));
        String heldForVisit = presence.hold(first.get("providerId").asString());
        String heldForOffer = presence.hold(open.get("providerId").asString());

        redis.execute((RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
        // what provider-service's own rebuild and the nurses' next heartbeats put back
        available(nurses);

        Set<Integer> answers = new TreeSet<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            boolean all = true;
            for (Map.Entry<String, String> e : statusBefore.entrySet()) {
                TestClient.Response read = supervisor().get("/dispatch/visits/" + e.getKey());
                answers.add(read.status());
                all &= read.status() == 200 && read.body().get("status").asString().equals(e.getValue());
            }
            return all && guard.whole(VisitsFromTheLog.NAME);
        });
        assertThat(answers).as("answers while Redis was empty and dispatch rebuilt").doesNotContain(404, 500);
        JsonNode assignedNow = supervisor().get("/dispatch/visits/" + assigned.orderId()).ok().body();
        assertThat(assignedNow.get("team").valueStream().map(JsonNode::asString))
                .containsExactly(first.get("providerId").asString());
        assertThat(supervisor().get("/dispatch/visits/" + offered.orderId()).ok().body().get("openOffers").get(0)
                .get("offerId").asString()).isEqualTo(open.get("offerId").asString());
        assertThat(presence.hold(first.get("providerId").asString())).isEqualTo(heldForVisit);
        assertThat(presence.hold(open.get("providerId").asString())).isEqualTo(heldForOffer);
        assertThat(supervisor().get("/dispatch/visits/" + assigned.orderId() + "/timeline").ok().body().size())
                .as("the timeline is back").isGreaterThanOrEqualTo(2);

        // the open offer is still answerable: its provider accepts and keeps the visit
        publisher.publishAndWait(accept(offered, open));
        JsonNode nowAssigned = awaitOne(offered.orderId(), "visit-assigned", 0);
        assertThat(nowAssigned.get("providerId").asString()).isEqualTo(open.get("providerId").asString());
        // a new order goes to a free nurse — never to one holding a visit or an offer
        VisitRequested next = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(next);
        JsonNode nextOffer = awaitOne(next.orderId(), "visit-offered", 0);
        assertThat(nextOffer.get("providerId").asString())
                .isNotIn(first.get("providerId").asString(), open.get("providerId").asString());
        // nobody assigned twice, nothing assigned again, the planned visit not matched before its time
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() ->
                decisionsFor(assigned.orderId(), "visit-assigned").size() == 1
                        && decisionsFor(offered.orderId(), "visit-assigned").size() == 1
                        && decisionsFor(cancelled.orderId(), "visit-assigned").isEmpty()
                        && decisionsFor(planned.orderId(), "visit-offered").isEmpty());
    }

    @Test
    void whenOnlyTheLiveKeyspaceIsLostDispatchPutsBackWhatItsVisitsHold() {
        List<String> nurses = List.of("n-1", "n-2");
        available(nurses);
        VisitRequested assigned = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(assigned);
        JsonNode first = awaitOne(assigned.orderId(), "visit-offered", 0);
        publisher.publishAndWait(accept(assigned, first));
        awaitOne(assigned.orderId(), "visit-assigned", 0);
        String nurse = first.get("providerId").asString();
        String heldForVisit = presence.hold(nurse);
        assertThat(heldForVisit).isNotNull();

        // on a Redis Cluster the live keyspace is one slot on one primary: that primary alone loses its data
        redis.delete(redis.keys("cc:{live}:*"));
        available(nurses);

        // dispatch's own keyspace is intact, yet its marker in the live one is gone: the visits are replayed and
        // the hold is back, so the nurse on the visit is not offered other work
        await().atMost(WAIT).until(() -> heldForVisit.equals(presence.hold(nurse)) && guard.whole(VisitsFromTheLog.NAME));
        VisitRequested next = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(next);
        assertThat(awaitOne(next.orderId(), "visit-offered", 0).get("providerId").asString()).isNotEqualTo(nurse);
    }

    /** The nurses on duty, each 100 m further north of the homes than the one before (as their heartbeats say). */
    private void available(List<String> nurses) {
        nurses.forEach(n -> presence.available(n, "ns-1", List.of("NURSE"), "EBIKE",
                LivePresence.north(LAT, 200 + 100 * nurses.indexOf(n)), LON));
    }
}
