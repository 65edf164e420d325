package org.carecircle.dispatch.matching;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.dispatch.DispatchApplication;
import org.carecircle.dispatch.visit.domain.Candidate;
import org.carecircle.dispatch.candidates.domain.CandidateFacts;
import org.carecircle.live.LiveFacts;
import org.carecircle.live.LiveProviders;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

/** dispatch-service against a real Kafka broker and a real Redis server. */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=dispatch-service", "carecircle.dispatch.offer-timeouts.ROUTINE=3s",
                "carecircle.dispatch.retry-interval=300ms", "carecircle.dispatch.travel-buffer=2s",
                "carecircle.dispatch.widening[0].after=0s", "carecircle.dispatch.widening[0].factor=1.0",
                "carecircle.dispatch.widening[1].after=2s", "carecircle.dispatch.widening[1].factor=1.5",
                "carecircle.dispatch.escalate-after.URGENT=3s", "carecircle.dispatch.assign-within.URGENT=2s",
                "carecircle.dispatch.batching.window=1s", "carecircle.dispatch.scheduling.lead-time=4s",
                "carecircle.dispatch.scheduling.lead-time-by-service.NURSING_VITALS=3h"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class DispatchIT {
    static final double LAT = 31.2215;
    static final double LON = 121.4265;
    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    EventPublisher publisher;
    @Autowired
    Topics topics;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    LiveProviders live;
    @Autowired
    JsonMapper json;
    @LocalServerPort
    int port;

    LivePresence presence;
    TopicProbe decisions;
    String prefix;

    @BeforeEach
    void setUp() {
        redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
        presence = new LivePresence(live);
        decisions = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_DISPATCH)));
    }

    @AfterEach
    void tearDown() {
        decisions.close();
    }

    RestClient supervisor() {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + DevTokens.supervisor("changning")).build();
    }

    VisitRequested order(String serviceCode) {
        return order(serviceCode, "ROUTINE", "pt-1", LocalDate.now().minusDays(30), LAT);
    }

    /** @param assessedOn the patient's first-visit assessment on the orderer's record ({@code null}: a new patient) */
    VisitRequested order(String serviceCode, String priority, String patientRef, LocalDate assessedOn, double lat) {
        return new VisitRequested(UUID.randomUUID().toString(), 3, Instant.now(), "ord-" + UUID.randomUUID(), "wtw3e",
                new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER", "changning"), serviceCode, priority, patientRef,
                new GeoPoint(lat, LON), null, new SealedDetails("dev", "bm9uY2U=", "c2VhbGVk"), null, assessedOn, null);
    }

    List<JsonNode> decisionsFor(String orderId, String type) {
        return decisions.values().stream().map(json::readTree)
                .filter(n -> orderId.equals(n.get("orderId").asString()) && type.equals(n.get("type").asString()))
                .toList();
    }

    JsonNode awaitOne(String orderId, String type, int index) {
        await().atMost(WAIT).until(() -> decisionsFor(orderId, type).size() > index);
        return decisionsFor(orderId, type).get(index);
    }

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
        JsonNode decision = supervisor().get().uri("/dispatch/visits/" + order.orderId() + "/decision").retrieve()
                .body(JsonNode.class);
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
    void theCircleWidensAfterAWaitThenTheVisitIsEscalatedAndItsSlaBreachAnnounced() {
        // an e-bike nurse 4.2 km away: outside the 15-minute circle (~3.4 km), inside it widened 1.5 times
        presence.available("far-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 4200), LON);
        VisitRequested widened = order("NURSING_INJECTION");
        publisher.publishAndWait(widened);
        awaitOne(widened.orderId(), "visit-queued", 0);
        JsonNode offer = awaitOne(widened.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("far-nurse");
        assertThat(offer.get("explanation").get("radiusFactor").asDouble()).isEqualTo(1.5);
        assertThat(Duration.between(Instant.parse(decisionsFor(widened.orderId(), "visit-queued").getFirst()
                .get("occurredAt").asString()), Instant.parse(offer.get("occurredAt").asString()))).isPositive();

        VisitRequested nobody = order("PALLIATIVE_SYMPTOM", "URGENT", "pt-3", null, LAT);
        publisher.publishAndWait(nobody);

        JsonNode breached = awaitOne(nobody.orderId(), "visit-sla-breached", 0);
        JsonNode escalated = awaitOne(nobody.orderId(), "visit-escalated", 0);
        assertThat(breached.get("targetSeconds").asLong()).isEqualTo(2);
        assertThat(escalated.get("reason").asString()).isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                decisionsFor(nobody.orderId(), "visit-escalated").stream().map(e -> e.get("eventId").asString())
                        .distinct().count() == 1); // said once
        assertThat(supervisor().get().uri("/dispatch/queue").retrieve().body(JsonNode.class).valueStream()
                .filter(q -> q.get("orderId").asString().equals(nobody.orderId())).findFirst().orElseThrow()
                .get("escalated").asBoolean()).isTrue();
        // the supervisors' escalation list says why
        JsonNode escalation = supervisor().get().uri("/dispatch/escalations").retrieve().body(JsonNode.class)
                .valueStream().filter(e -> e.get("orderId").asString().equals(nobody.orderId())).findFirst().orElseThrow();
        assertThat(escalation.get("reason").asString()).isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
        assertThat(escalation.get("serviceCode").asString()).isEqualTo("PALLIATIVE_SYMPTOM");
    }

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
    void withNobodyQualifiedTheOrderWaitsVisiblyAndIsOfferedAsSoonAsSomeoneIsAvailable() {
        VisitRequested order = order("NURSING_PICC_MAINT");
        publisher.publishAndWait(order);

        awaitOne(order.orderId(), "visit-queued", 0);
        JsonNode queue = supervisor().get().uri("/dispatch/queue").retrieve().body(JsonNode.class);
        assertThat(queue.valueStream().map(q -> q.get("orderId").asString())).contains(order.orderId());
        assertThat(queue.toString()).doesNotContain("华阳路");

        presence.available("picc", "ns-1", List.of("NURSE", "PICC_NURSE"), "BICYCLE", LivePresence.north(LAT, 800), LON);
        publisher.publishAndWait(new ProviderAvailabilityChanged(UUID.randomUUID().toString(), 1, Instant.now(),
                "picc", "ns-1", true, "ON_DUTY_LOCATED"));

        assertThat(awaitOne(order.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("picc");
        await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor().get()
                .uri("/dispatch/queue").retrieve().body(JsonNode.class).toString()).doesNotContain(order.orderId()));
        // another district's supervisor does not see it, and callers without the role are refused
        assertThat(RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + DevTokens.supervisor("xuhui")).build()
                .get().uri("/dispatch/visits/" + order.orderId()).retrieve()
                .onStatus(status -> true, (request, response) -> { }).toBodilessEntity().getStatusCode().value()).isEqualTo(404);
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
        assertThat(redis.opsForGeo().position("cc:geo:NURSE:EBIKE", "nurse")).doesNotContainNull();
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

    @Test
    void supervisorsOfTheDistrictSeeProviderAlarms() {
        publisher.publishAndWait(new ProviderAlarm(UUID.randomUUID().toString(), 1, Instant.now(), "nurse-sos", "ns-1",
                "changning", new GeoPoint(LAT, LON), null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(supervisor().get().uri("/dispatch/alarms").retrieve()
                .body(JsonNode.class).toString()).contains("nurse-sos"));
        assertThat(RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + DevTokens.supervisor("xuhui")).build()
                .get().uri("/dispatch/alarms").retrieve().body(JsonNode.class).toString()).doesNotContain("nurse-sos");
    }

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
        assertThat(redis.opsForZSet().size("cc:geo:NURSE:EBIKE")).isZero();
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheNextOrderIsStillDispatched() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        String visitOrders = topics.name(Topic.VISIT_ORDERS);
        try (TopicProbe deadLetters = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.deadLetter(Topic.VISIT_ORDERS)));
             KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.shared().kafkaBootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(visitOrders, "wtw3e", "{not json"));
            VisitRequested unknownService = order("NO_SUCH_SERVICE");
            publisher.publishAndWait(unknownService);
            VisitRequested good = order("NURSING_INJECTION");
            publisher.publishAndWait(good);

            await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters.values())
                    .anyMatch(v -> v.equals("{not json"))
                    .anyMatch(v -> v.contains(unknownService.orderId())));
            assertThat(awaitOne(good.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
        }
    }

    OfferAccepted accept(VisitRequested order, JsonNode offer) {
        return new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(), order.areaKey(),
                offer.get("offerId").asString(), offer.get("providerId").asString());
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
    void readinessChecksKafkaAndRedisTheFiguresReachPrometheusAndOneTraceSpansTheKafkaHops() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_WOUND_CARE", "URGENT", "pt-1", LocalDate.now().minusDays(3), LAT);
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        publisher.publishAndWait(accept(order, offer));
        awaitOne(order.orderId(), "visit-assigned", 0);

        RestClient anonymous = RestClient.create("http://localhost:" + port);
        JsonNode readiness = anonymous.get().uri("/actuator/health/readiness").retrieve().body(JsonNode.class);
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").has("kafka")).isTrue();
        assertThat(readiness.get("components").has("redis")).isTrue();

        await().atMost(WAIT).untilAsserted(() -> {
            String scraped = anonymous.get().uri("/actuator/prometheus").retrieve().body(String.class);
            assertThat(metric(scraped, "carecircle_dispatch_time_to_offer_seconds_count", "priority=\"URGENT\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_time_to_assign_seconds_count", "priority=\"URGENT\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_offers_total", "outcome=\"made\"")).isPositive();
            assertThat(metric(scraped, "carecircle_dispatch_offers_total", "outcome=\"accepted\"")).isPositive();
            assertThat(scraped).contains("kafka_consumer_fetch_manager_records_lag_max");
            assertThat(scraped).doesNotContain("pt-1").doesNotContain(order.orderId());
        });

        // the order's trace continues through dispatch: the offer carries the trace id of the request
        try (TopicProbe orders = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_ORDERS)))) {
            await().atMost(WAIT).untilAsserted(() -> {
                String requested = traceId(orders.records().stream().filter(r -> r.value().contains(order.orderId())));
                String offered = traceId(decisions.records().stream().filter(r -> r.value().contains(order.orderId())
                        && r.value().contains("visit-offered")));
                assertThat(requested).isNotBlank().isEqualTo(offered);
            });
        }
    }

    /** The sum of a Prometheus sample's values over the series whose labels contain {@code labels}. */
    static double metric(String scraped, String name, String labels) {
        return scraped.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The W3C trace id of the first record, from its {@code traceparent} header. */
    static String traceId(java.util.stream.Stream<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.findFirst().map(r -> r.headers().lastHeader("traceparent"))
                .map(h -> new String(h.value(), java.nio.charset.StandardCharsets.UTF_8).split("-")[1]).orElse("");
    }

    ResponseEntity<JsonNode> asSupervisor(String district, org.springframework.http.HttpMethod method, String path,
                                          Object body) {
        RestClient.RequestBodySpec spec = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + DevTokens.supervisor(district)).build()
                .method(method).uri(path).contentType(org.springframework.http.MediaType.APPLICATION_JSON);
        return (body == null ? spec : spec.body(body)).retrieve().onStatus(status -> true, (rq, rs) -> { })
                .toEntity(JsonNode.class);
    }

    @Test
    void aSupervisorReassignsAVisitThroughTheSameGatesAndTheAuditNamesThemAndTheirReason() {
        presence.available("first-nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 200), LON);
        presence.available("second-nurse", "ns-2", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 900), LON);
        presence.available("carer", "ns-3", List.of("CARE_WORKER"), "EBIKE", LivePresence.north(LAT, 100), LON);
        VisitRequested order = order("NURSING_WOUND_CARE");
        publisher.publishAndWait(order);
        JsonNode offer = awaitOne(order.orderId(), "visit-offered", 0);
        assertThat(offer.get("providerId").asString()).isEqualTo("first-nurse");
        publisher.publishAndWait(accept(order, offer));
        awaitOne(order.orderId(), "visit-assigned", 0);
        String path = "/dispatch/visits/" + order.orderId() + "/assignment";
        org.springframework.http.HttpMethod post = org.springframework.http.HttpMethod.POST;

        // the same gates: a care worker may not do wound care; a reason is required; other districts see nothing
        ResponseEntity<JsonNode> unqualified = asSupervisor("changning", post, path,
                Map.of("providerId", "carer", "reason", "closest"));
        assertThat(unqualified.getStatusCode().value()).as(String.valueOf(unqualified.getBody())).isEqualTo(422);
        assertThat(unqualified.getBody().get("errors").get(0).get("field").asString()).isEqualTo("providerId");
        assertThat(asSupervisor("changning", post, path, Map.of("providerId", "second-nurse")).getStatusCode().value())
                .isEqualTo(400);
        assertThat(asSupervisor("xuhui", post, path, Map.of("providerId", "second-nurse", "reason", "x"))
                .getStatusCode().value()).isEqualTo(404);

        try (TopicProbe audit = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.ORDER_AUDIT)))) {
            ResponseEntity<JsonNode> reassigned = asSupervisor("changning", post, path,
                    Map.of("providerId", "second-nurse", "reason", "first nurse fell ill"));

            assertThat(reassigned.getStatusCode().value()).isEqualTo(200);
            assertThat(reassigned.getBody().get("team").get(0).asString()).isEqualTo("second-nurse");
            JsonNode withdrawn = awaitOne(order.orderId(), "offer-withdrawn", 0);
            assertThat(withdrawn.get("providerId").asString()).isEqualTo("first-nurse");
            assertThat(withdrawn.get("reason").asString()).isEqualTo("reassigned by a supervisor");
            JsonNode assigned = awaitOne(order.orderId(), "visit-assigned", 1);
            assertThat(assigned.get("providerId").asString()).isEqualTo("second-nurse");
            assertThat(awaitOne(order.orderId(), "visit-offered", 1).get("offerMode").asString()).isEqualTo("SUPERVISOR");
            await().atMost(WAIT).until(() -> presence.hold("first-nurse") == null);
            assertThat(presence.hold("second-nurse")).isEqualTo("visit:" + order.orderId());
            await().atMost(WAIT).untilAsserted(() -> assertThat(audit.values().stream().map(json::readTree)
                    .filter(a -> a.get("orderId").asString().equals(order.orderId())))
                    .singleElement().satisfies(a -> {
                        assertThat(a.get("action").asString()).isEqualTo("REASSIGN");
                        assertThat(a.get("actor").asString()).isEqualTo("supervisor@changning");
                        assertThat(a.get("reason").asString()).isEqualTo("first nurse fell ill");
                    }));
        }
        // the one who declined may be assigned only with an override
        VisitRequested second = order("NURSING_INJECTION");
        publisher.publishAndWait(second);
        JsonNode toFirst = awaitOne(second.orderId(), "visit-offered", 0);
        assertThat(toFirst.get("providerId").asString()).isEqualTo("first-nurse");
        publisher.publishAndWait(new OfferDeclined(UUID.randomUUID().toString(), 1, Instant.now(), second.orderId(),
                second.areaKey(), toFirst.get("offerId").asString(), "first-nurse", "busy"));
        awaitOne(second.orderId(), "visit-queued", 0);
        String secondPath = "/dispatch/visits/" + second.orderId() + "/assignment";
        assertThat(asSupervisor("changning", post, secondPath, Map.of("providerId", "first-nurse", "reason", "agreed by phone"))
                .getStatusCode().value()).isEqualTo(422);
        assertThat(asSupervisor("changning", post, secondPath, Map.of("providerId", "first-nurse",
                "reason", "agreed by phone", "override", true)).getStatusCode().value()).isEqualTo(200);
        assertThat(awaitOne(second.orderId(), "visit-assigned", 0).get("providerId").asString()).isEqualTo("first-nurse");
    }

    @Test
    void aPausedAreaKeepsItsVisitsWaitingUntilResumedAndTheBoardShowsIt() {
        org.springframework.http.HttpMethod put = org.springframework.http.HttpMethod.PUT;
        assertThat(asSupervisor("changning", put, "/dispatch/areas/wtw3e/pause", Map.of("reason", "road closed"))
                .getStatusCode().value()).isEqualTo(200);
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested order = order("NURSING_INJECTION");
        publisher.publishAndWait(order);

        assertThat(awaitOne(order.orderId(), "visit-queued", 0).get("reason").asString())
                .isEqualTo("dispatch paused in area wtw3e by a supervisor: road closed");
        JsonNode area = supervisor().get().uri("/dispatch/areas").retrieve().body(JsonNode.class).valueStream()
                .filter(a -> a.get("area").asString().equals("wtw3e")).findFirst().orElseThrow();
        assertThat(area.get("waiting").asInt()).isEqualTo(1);
        assertThat(area.get("paused").get("reason").asString()).isEqualTo("road closed");
        JsonNode onDuty = supervisor().get().uri("/dispatch/providers/on-duty").retrieve().body(JsonNode.class);
        assertThat(onDuty.toString()).contains("\"available\":1");
        assertThat(decisionsFor(order.orderId(), "visit-offered")).isEmpty();

        assertThat(asSupervisor("changning", org.springframework.http.HttpMethod.DELETE, "/dispatch/areas/wtw3e/pause",
                null).getStatusCode().value()).isEqualTo(204);
        assertThat(awaitOne(order.orderId(), "visit-offered", 0).get("providerId").asString()).isEqualTo("nurse");
    }

    @Test
    void theDailyReportCountsOrdersAssignmentsInsideTheCircleTimesBreachesAndEscalationsAsJsonAndCsv() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        VisitRequested served = order("NURSING_INJECTION", "URGENT", "pt-1", LocalDate.now(), LAT);
        VisitRequested nobody = order("PALLIATIVE_SYMPTOM", "URGENT", "pt-2", null, LAT);
        publisher.publishAndWait(List.of(served, nobody));
        publisher.publishAndWait(accept(served, awaitOne(served.orderId(), "visit-offered", 0)));
        awaitOne(served.orderId(), "visit-assigned", 0);
        awaitOne(nobody.orderId(), "visit-escalated", 0);
        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode rows = supervisor().get().uri("/dispatch/reports/daily?date=" + today).retrieve().body(JsonNode.class);
            JsonNode injection = rows.valueStream().filter(r -> r.get("serviceCode").asString().equals("NURSING_INJECTION"))
                    .findFirst().orElseThrow();
            assertThat(injection.get("area").asString()).isEqualTo("wtw3e");
            assertThat(injection.get("orders").asInt()).isEqualTo(1);
            assertThat(injection.get("assigned").asInt()).isEqualTo(1);
            assertThat(injection.get("shareAssignedInsideCircle").asDouble()).isEqualTo(1.0);
            assertThat(injection.get("medianSecondsToAssign").isNumber()).isTrue();
            JsonNode palliative = rows.valueStream().filter(r -> r.get("serviceCode").asString().equals("PALLIATIVE_SYMPTOM"))
                    .findFirst().orElseThrow();
            assertThat(palliative.get("assigned").asInt()).isZero();
            assertThat(palliative.get("escalations").asInt()).isEqualTo(1);
            assertThat(palliative.get("slaBreaches").asInt()).isEqualTo(1);
        });
        ResponseEntity<String> csv = supervisor().get().uri("/dispatch/reports/daily.csv?date=" + today).retrieve()
                .toEntity(String.class);
        assertThat(csv.getHeaders().getFirst("Content-Disposition")).isEqualTo(
                "attachment; filename=\"carecircle-daily-" + today + ".csv\"");
        assertThat(csv.getBody().lines()).first().asString().startsWith("date,area,service,orders,assigned");
        assertThat(csv.getBody()).contains(today + ",wtw3e,NURSING_INJECTION,1,1,1.000,")
                .contains(today + ",wtw3e,PALLIATIVE_SYMPTOM,1,0,0.000,,,1,1");
    }

    @Test
    void aVisitWithATimeWindowIsMatchedAtItsLeadTimeAndNotBefore() {
        presence.available("nurse", "ns-1", List.of("NURSE"), "EBIKE", LivePresence.north(LAT, 300), LON);
        Instant opens = Instant.now().plusSeconds(7);
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
        assertThat(supervisor().get().uri("/dispatch/areas").retrieve().body(String.class)).doesNotContain("\"waiting\":1");
        JsonNode offer = awaitOne(orderId, "visit-offered", 0);
        assertThat(Instant.parse(offer.get("occurredAt").asString())).isAfterOrEqualTo(opens.minusSeconds(4));
        assertThat(offer.get("window").get("earliestStart").asString()).isEqualTo(opens.toString());
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

    VisitRequested windowed(VisitRequested order, Instant earliest, Instant latest) {
        return new VisitRequested(order.eventId(), 3, order.occurredAt(), order.orderId(), order.areaKey(),
                order.requester(), order.serviceCode(), order.priority(), order.patientRef(), order.home(),
                new org.carecircle.contracts.events.TimeWindow(earliest, latest), order.details(), null,
                order.firstVisitAssessedOn(), null);
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
        await().atMost(WAIT).until(() -> "usual".equals(redis.opsForValue().get("cc:dispatch:last-provider:pt-series")));
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
        assertThat(supervisor().get().uri("/dispatch/visits/" + second.orderId() + "/timeline").retrieve()
                .body(String.class)).contains("not usual who served last");
    }
}
