package org.carecircle.dispatch.offering;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No dead end behind a long queue: more unservable visits wait than a round reads at once (retry-batch), yet a
 * servable visit behind them is offered as soon as someone who can serve it comes on duty, every one of them is
 * escalated at its time, and the supervisor's queue and the gauge count them all.
 */
class NoVisitStarvesIT extends DispatchTestBase {
    @Autowired
    DispatchProperties properties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    VisitRepository visits;

    @Test
    void aServableVisitBehindMoreUnservableOnesThanARoundReadsIsOfferedAtOnceAndEveryOverdueOneIsEscalated() {
        int unservable = properties.retryBatch() + 30;
        // urgent hospital escorts: nobody in this district escorts, so they wait, and escalate after 3 s here
        List<VisitRequested> escorts = IntStream.range(0, unservable).mapToObj(i -> order("SOCIAL_ESCORT_HOSPITAL",
                "URGENT", "pt-e" + i, LocalDate.now().minusDays(30), LAT + i * 0.0001)).toList();
        escorts.forEach(publisher::publishAndWait);
        await().atMost(WAIT).until(() -> ordersWith("visit-queued").containsAll(ids(escorts)));

        VisitRequested wound = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(wound);
        awaitOne(wound.orderId(), "visit-queued", 0);

        // a qualified nurse comes on duty 100 m from the home (provider-service announces it)
        presence.available("late-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON);
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                "late-nurse", "ns-1", true, "ON_DUTY_LOCATED"));
        assertThat(awaitOne(wound.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("late-nurse");

        await().atMost(WAIT).until(() -> ordersWith("visit-escalated").containsAll(ids(escorts)));
        assertThat(decisionsFor(escorts.getLast().orderId(), "visit-escalated").getFirst().get("reason").asString())
                .isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");

        var page = supervisor().get("/dispatch/queue?limit=50").ok();
        assertThat(page.headers().getFirst("X-Total-Count")).isEqualTo(String.valueOf(unservable));
        assertThat(page.body().size()).isEqualTo(50);
        assertThat(page.body().get(0).get("orderId").asString()).isEqualTo(escorts.getFirst().orderId());
        await().atMost(WAIT).until(() -> meters.find("carecircle.dispatch.queue.depth").gauges().stream()
                .mapToDouble(Gauge::value).sum() == unservable);
    }

    @Test
    void visitsStoredBeforeTheWaitingIndexesExistedAreIndexedAgainAndThenListedAndEscalated() {
        VisitRequested escort = order("SOCIAL_ESCORT_HOSPITAL", "URGENT", "pt-old", LocalDate.now().minusDays(30), LAT);
        publisher.publishAndWait(escort);
        awaitOne(escort.orderId(), "visit-queued", 0);
        // as the previous version stored it: the visit and its round queue, none of the indexes added since
        redis.delete(redis.keys("cc:{dispatch}:waiting:*"));
        redis.delete(List.of("cc:{dispatch}:escalations"));
        assertThat(supervisor().get("/dispatch/queue").ok().headers().getFirst("X-Total-Count")).isEqualTo("0");

        assertThat(visits.reindexAll()).isEqualTo(1); // what dispatch does at start

        assertThat(supervisor().get("/dispatch/queue").ok().headers().getFirst("X-Total-Count")).isEqualTo("1");
        assertThat(awaitOne(escort.orderId(), "visit-escalated", 0).get("reason").asString())
                .isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
    }

    @Test
    void aProviderArrivingNearAPlannedVisitDoesNotPullItAheadOfItsLeadTime() {
        Instant start = Instant.now().plus(java.time.Duration.ofHours(5));
        VisitRequested planned = windowed(order("NURSING_WOUND_CARE"), start, start.plus(java.time.Duration.ofHours(1)));
        publisher.publishAndWait(planned);
        presence.available("early-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON);
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                "early-nurse", "ns-1", true, "ON_DUTY_LOCATED"));
        await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> decisionsFor(planned.orderId(), "visit-offered").isEmpty());
    }

    /** The orders with an event of {@code type} so far (one poll of the topic for all of them). */
    private java.util.Set<String> ordersWith(String type) {
        return decisions.values().stream().map(json::readTree).filter(n -> type.equals(n.get("type").asString()))
                .map(n -> n.get("orderId").asString()).collect(java.util.stream.Collectors.toSet());
    }

    private static List<String> ids(List<VisitRequested> orders) {
        return orders.stream().map(VisitRequested::orderId).toList();
    }
}
