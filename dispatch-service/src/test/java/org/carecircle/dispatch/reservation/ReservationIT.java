package org.carecircle.dispatch.reservation;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.DispatchTestBase;
import org.carecircle.dispatch.LivePresence;
import org.carecircle.live.LiveFacts;
import org.carecircle.live.LiveProviders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How a provider's time is taken: never by two at once, never for overlapping windows, never beyond
 * their daily limit. */
class ReservationIT extends DispatchTestBase {
    @Test
    void concurrentReservationsNeverReserveOneProviderTwice() throws Exception {
        for (int i = 0; i < 5; i++) {
            presence.available("p" + i, "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100 + i * 50), LON);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<String>>> attempts = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 40; i++) {
                String hold = "offer:test-" + i;
                attempts.add(pool.submit((Callable<Optional<String>>) () -> {
                    start.await();
                    // as the dispatcher does: read the candidates, then reserve the best one still free
                    Instant now = Instant.now();
                    for (LiveFacts facts : live.search(new GeoPoint(LAT, LON), LiveProviders.From.LIVE,
                            List.of(new LiveProviders.Circle("NURSE", "EBIKE", 3000)), 20, LocalDate.now(), now)) {
                        if (live.reserve(facts.id(), hold, Duration.ofMinutes(1), LocalDate.now(), now.plusSeconds(900))) {
                            return Optional.of(facts.id());
                        }
                    }
                    return Optional.empty();
                }));
            }
            start.countDown();
        }
        List<String> reserved = Collections.synchronizedList(new ArrayList<>());
        for (Future<Optional<String>> attempt : attempts) {
            attempt.get().ifPresent(reserved::add);
        }
        assertThat(reserved).hasSize(5).doesNotHaveDuplicates();
        assertThat(redis.opsForZSet().size("cc:{live}:geo:NURSE:EBIKE")).isZero();
    }

    @Test
    void scheduledAndUrgentVisitsMixedNeverBookAProviderForOverlappingTimes() {
        for (int i = 0; i < 3; i++) {
            presence.available("nurse-" + i, "ns-" + i, List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200 + 300 * i), LON);
        }
        // six planned visits (released at once: 3 h lead time for vital signs in this test) whose windows follow each
        // other every 25 minutes; each takes 30 + 15 minutes of its provider, so neighbours overlap
        Instant base = Instant.now().plus(Duration.ofMinutes(10));
        Map<String, VisitRequested> orders = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            Instant earliest = base.plus(Duration.ofMinutes(25L * i));
            VisitRequested planned = windowed(order("NURSING_VITALS", "SCHEDULED", "pt-s" + i, LocalDate.now(), LAT),
                    earliest, earliest.plus(Duration.ofMinutes(30)));
            orders.put(planned.orderId(), planned);
        }
        publisher.publishAndWait(List.copyOf(orders.values()));
        Set<String> answered = new java.util.HashSet<>();
        java.util.function.Supplier<List<JsonNode>> ours = () -> decisions.values().stream().map(json::readTree)
                .filter(n -> orders.containsKey(n.get("orderId").asString())).toList();
        Runnable acceptAll = () -> ours.get().stream()
                .filter(n -> n.get("type").asString().equals("visit-offered") && answered.add(n.get("offerId").asString()))
                .forEach(n -> publisher.publishAndWait(accept(orders.get(n.get("orderId").asString()), n)));
        await().atMost(WAIT).until(() -> {
            acceptAll.run();
            return ours.get().stream().filter(n -> n.get("type").asString().equals("visit-assigned")).count() >= 6;
        });
        // then urgent work arrives: it may use free time, never time booked for an accepted scheduled visit
        for (int i = 0; i < 3; i++) {
            VisitRequested urgent = order("NURSING_INJECTION", "URGENT", "pt-u" + i, LocalDate.now(), LAT);
            orders.put(urgent.orderId(), urgent);
            publisher.publishAndWait(urgent);
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> {
            acceptAll.run();
            return true;
        });

        Map<String, List<Instant[]>> taken = new java.util.HashMap<>();
        for (JsonNode assigned : ours.get().stream().filter(n -> n.get("type").asString().equals("visit-assigned")).toList()) {
            VisitRequested order = orders.get(assigned.get("orderId").asString());
            Instant from = order.window() != null ? order.window().earliestStart()
                    : Instant.parse(assigned.get("occurredAt").asString());
            Instant until = (order.window() != null ? order.window().latestStart()
                    : from.plus(Duration.ofMinutes(assigned.get("etaMinutes").asInt()))).plus(Duration.ofMinutes(15));
            taken.computeIfAbsent(assigned.get("providerId").asString(), p -> new ArrayList<>()).add(new Instant[] {from, until});
        }
        assertThat(taken.values().stream().mapToInt(List::size).sum()).as("visits assigned").isGreaterThanOrEqualTo(7);
        taken.forEach((provider, intervals) -> {
            for (int a = 0; a < intervals.size(); a++) {
                for (int b = a + 1; b < intervals.size(); b++) {
                    Instant[] x = intervals.get(a);
                    Instant[] y = intervals.get(b);
                    assertThat(x[0].isBefore(y[1]) && y[0].isBefore(x[1]))
                            .as("%s booked for overlapping times %s-%s and %s-%s", provider, x[0], x[1], y[0], y[1]).isFalse();
                }
            }
        });
        // the urgent ones went to whoever was free for them; the nurse booked from the first window on could not be
        assertThat(ours.get().stream().filter(n -> n.get("type").asString().equals("visit-offered")
                && orders.get(n.get("orderId").asString()).priority().equals("URGENT"))).isNotEmpty();
    }

    @Test
    void aProviderAtTheirDailyLimitIsNotOfferedMoreWorkThatDay() {
        presence.available("once-a-day", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON);
        presence.dailyLimit("once-a-day", 1);
        VisitRequested first = order("NURSING_INJECTION");
        publisher.publishAndWait(first);
        JsonNode offer = awaitOne(first.orderId(), "visit-offered", 0);
        publisher.publishAndWait(new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), first.orderId(),
                first.areaKey(), offer.get("offerId").asString(), "once-a-day"));
        awaitOne(first.orderId(), "visit-assigned", 0);
        publisher.publishAndWait(new VisitCompleted(UUID.randomUUID().toString(), 1, Instant.now(), first.orderId(),
                first.areaKey(), "once-a-day", new VisitRecord("NURSING_INJECTION", "pt-1", "once-a-day", LocalDate.now(),
                first.areaKey(), 20, Instant.now(), Instant.now(), List.of(), null, null)));
        await().atMost(WAIT).until(() -> presence.hold("once-a-day") == null);
        presence.available("once-a-day", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 100), LON,
                LivePresence.qualified(1));
        presence.available("no-limit", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 900), LON);

        VisitRequested second = order("NURSING_INJECTION");
        publisher.publishAndWait(second);

        // the nearer provider reached their limit: the farther one gets it
        assertThat(awaitOne(second.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("no-limit");
    }
}
