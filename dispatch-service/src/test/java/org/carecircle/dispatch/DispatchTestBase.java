package org.carecircle.dispatch;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.carecircle.live.LiveProviders;
import org.carecircle.dispatch.recovery.VisitsFromTheLog;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * dispatch-service against a real Kafka broker and a real Redis server: what every integration test of a stage shares.
 * The subclasses add no configuration of their own, so they all run in one cached application context (no
 * {@code @DirtiesContext}: Redis is flushed before each test, and each test reads decisions through its own probe).
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=dispatch-service", "carecircle.dispatch.offer-timeouts.ROUTINE=3s",
                "carecircle.dispatch.retry-interval=300ms", "carecircle.dispatch.travel-buffer=2s",
                "carecircle.dispatch.departed-grace=3s",
                "carecircle.dispatch.widening[0].after=0s", "carecircle.dispatch.widening[0].factor=1.0",
                "carecircle.dispatch.widening[1].after=2s", "carecircle.dispatch.widening[1].factor=1.5",
                "carecircle.dispatch.escalate-after.URGENT=3s", "carecircle.dispatch.assign-within.URGENT=2s",
                "carecircle.dispatch.batching.window=1s", "carecircle.dispatch.scheduling.lead-time=4s",
                "carecircle.dispatch.scheduling.lead-time-by-service.NURSING_VITALS=3h"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
public abstract class DispatchTestBase {
    protected static final double LAT = 31.2215;
    protected static final double LON = 121.4265;
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    protected EventPublisher publisher;
    @Autowired
    protected Topics topics;
    @Autowired
    protected StringRedisTemplate redis;
    @Autowired
    protected LiveProviders live;
    @Autowired
    protected JsonMapper json;
    @LocalServerPort
    protected int port;

    protected LivePresence presence;
    protected TopicProbe decisions;

    @Autowired
    protected List<org.carecircle.views.RebuildableView> views;

    @BeforeEach
    protected void setUp() {
        redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
        // emptied on purpose, for a clean slate (not a loss to rebuild from the earlier tests' events)
        for (org.carecircle.views.RebuildableView view : views) {
            view.keyspaces().forEach(k -> redis.opsForValue().set(ViewGuard.marker(k, view.name()), "emptied by the test"));
        }
        presence = new LivePresence(live);
        decisions = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(),
                List.of(topics.name(Topic.VISIT_DISPATCH)));
    }

    @AfterEach
    protected void tearDown() {
        decisions.close();
    }

    /** The service as the supervisor of Changning calls it. */
    protected TestClient supervisor() {
        return supervisor("changning");
    }

    /** The service as the supervisor of {@code district} calls it. */
    protected TestClient supervisor(String district) {
        return TestClient.local(port).as(DevTokens.supervisor(district));
    }

    protected VisitRequested order(String serviceCode) {
        return order(serviceCode, "ROUTINE", "pt-1", LocalDate.now().minusDays(30), LAT);
    }

    /** @param assessedOn the patient's first-visit assessment on the orderer's record ({@code null}: a new patient) */
    protected VisitRequested order(String serviceCode, String priority, String patientRef, LocalDate assessedOn,
                                   double lat) {
        return new VisitRequested(UUID.randomUUID().toString(), 3, Instant.now(), "ord-" + UUID.randomUUID(), "wtw3e",
                new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER", "changning"), serviceCode, priority, patientRef,
                new GeoPoint(lat, LON), null, new SealedDetails("dev", "bm9uY2U=", "c2VhbGVk"), null, assessedOn, null);
    }

    /** {@code order} with a time window to start in. */
    protected VisitRequested windowed(VisitRequested order, Instant earliest, Instant latest) {
        return new VisitRequested(order.eventId(), 3, order.occurredAt(), order.orderId(), order.areaKey(),
                order.requester(), order.serviceCode(), order.priority(), order.patientRef(), order.home(),
                new org.carecircle.contracts.events.TimeWindow(earliest, latest), order.details(), null,
                order.firstVisitAssessedOn(), null);
    }

    /** The offered provider's accept of {@code offer}. */
    protected OfferAccepted accept(VisitRequested order, JsonNode offer) {
        return new OfferAccepted(UUID.randomUUID().toString(), 1, Instant.now(), order.orderId(), order.areaKey(),
                offer.get("offerId").asString(), offer.get("providerId").asString());
    }

    protected List<JsonNode> decisionsFor(String orderId, String type) {
        return decisions.values().stream().map(json::readTree)
                .filter(n -> orderId.equals(n.get("orderId").asString()) && type.equals(n.get("type").asString()))
                .toList();
    }

    protected JsonNode awaitOne(String orderId, String type, int index) {
        await().atMost(WAIT).until(() -> decisionsFor(orderId, type).size() > index);
        return decisionsFor(orderId, type).get(index);
    }
}
