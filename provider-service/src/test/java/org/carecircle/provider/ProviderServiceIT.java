package org.carecircle.provider;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.VisitDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TestClient;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** provider-service against a real Kafka broker and a real Redis server. */
@SpringBootTest(classes = ProviderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=provider-service", "carecircle.presence.heartbeat-timeout=2s",
                "carecircle.presence.sweep-interval=200ms", "carecircle.privacy.reveal-for=4s"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class ProviderServiceIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Map<String, Object> NURSE = Map.of("organizationId", "ns-01", "name", "王小明", "role", "NURSE",
            "qualifications", List.of("NURSE", "PICC_NURSE"), "travelMode", "EBIKE");

    @LocalServerPort
    int port;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    EventPublisher publisher;
    @Autowired
    Topics topics;
    @Autowired
    JsonMapper json;
    @Autowired
    DetailsCipher cipher;
    TestClient http;
    TopicProbe events;

    @BeforeEach
    void setUp() {
        http = TestClient.local(port);
        events = new TopicProbe(RealInfrastructure.shared().kafkaBootstrapServers(), List.of(
                topics.name(Topic.PROVIDER_REGISTRY), topics.name(Topic.PROVIDER_AVAILABILITY),
                topics.name(Topic.OFFER_RESPONSES)));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    static final String ADMIN = DevTokens.admin("ns-01");
    static final String DISPATCHER = DevTokens.dispatcher("ns-01");

    TestClient.Response put(String path, Object body, String token) {
        return http.as(token).put(path, body);
    }

    TestClient.Response post(String path, Object body, String token) {
        return http.as(token).post(path, body);
    }

    JsonNode get(String path, String token) {
        return http.as(token).get(path).body();
    }

    JsonNode get(String path) {
        return get(path, DISPATCHER);
    }

    static String provider(String id) {
        return DevTokens.provider(id, "ns-01");
    }

    List<JsonNode> eventsOfType(String type) {
        return events.values().stream().map(json::readTree).filter(n -> type.equals(n.get("type").asString())).toList();
    }

    String onDutyNurse() {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(put("/providers/" + id, NURSE, ADMIN).status()).isEqualTo(200);
        assertThat(put("/providers/" + id + "/shift", Map.of("onDuty", true), provider(id)).status()).isEqualTo(204);
        assertThat(put("/providers/" + id + "/location", Map.of("lat", 31.2215, "lon", 121.4265, "accuracyMeters", 12),
                provider(id)).status()).isEqualTo(204);
        return id;
    }

    boolean inGeoIndex(String providerId, String qualification) {
        return redis.opsForZSet().score("cc:{live}:geo:" + qualification + ":EBIKE", providerId) != null;
    }

    @Test
    void aRegistrationIsRecordedOnTheCompactedRegistryWithAMaskedName() {
        TestClient.Response registered = put("/providers/p-reg-1", NURSE, ADMIN);

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.body().get("displayName").asString()).isEqualTo("王**");
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-registered"))
                .anySatisfy(e -> {
                    assertThat(e.get("providerId").asString()).isEqualTo("p-reg-1");
                    assertThat(e.toString()).doesNotContain("小明");
                }));
    }

    @Test
    void theRegistryKeepsTitleExperienceCredentialsAndPreferencesDurably() {
        Map<String, Object> detailed = new java.util.HashMap<>(NURSE);
        detailed.put("profile", Map.of("title", "主管护师", "yearsOfPractice", 12,
                "credentials", List.of(Map.of("type", "NURSE_LICENCE", "validUntil", "2028-06-30"),
                        Map.of("type", "PICC_CERTIFICATE", "validUntil", "2027-01-31")),
                "serviceArea", List.of("huayang", "jiangsu"), "gender", "FEMALE", "languages", List.of("zh-Hans", "wuu"),
                "maxVisitsPerDay", 6));

        TestClient.Response registered = put("/providers/p-profile", detailed, ADMIN);

        assertThat(registered.status()).isEqualTo(200);
        JsonNode profile = get("/providers/p-profile").get("profile");
        assertThat(profile.get("title").asString()).isEqualTo("主管护师");
        assertThat(profile.get("yearsOfPractice").asInt()).isEqualTo(12);
        assertThat(profile.get("credentials").get(1).get("validUntil").asString()).isEqualTo("2027-01-31");
        assertThat(profile.get("maxVisitsPerDay").asInt()).isEqualTo(6);
        assertThat(redis.opsForHash().get("cc:{live}:prov:p-profile", "maxDaily")).isEqualTo("6");
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-registered"))
                .anyMatch(e -> e.get("providerId").asString().equals("p-profile")
                        && e.get("profile").get("gender").asString().equals("FEMALE")));
        Map<String, Object> invalid = new java.util.HashMap<>(NURSE);
        invalid.put("profile", Map.of("yearsOfPractice", -1, "gender", "X", "maxVisitsPerDay", 0,
                "credentials", List.of(Map.of("type", "NURSE_LICENCE"))));
        assertThat(put("/providers/p-profile", invalid, ADMIN).body().get("errors").valueStream()
                .map(e -> e.get("field").asString()).toList())
                .contains("profile.yearsOfPractice", "profile.gender", "profile.credentials[0].validUntil");
    }

    @Test
    void aBaseIndexesTheProviderForPlannedVisitsOnDutyOrNotAndMovesOrGoesWithTheRegistration() {
        Map<String, Object> based = new java.util.HashMap<>(NURSE);
        based.put("base", Map.of("lat", 31.2215, "lon", 121.4265));
        TestClient.Response registered = put("/providers/p-base", based, ADMIN);

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.body().get("base").get("lat").asDouble()).isEqualTo(31.2215);
        // off duty: not in the live index, but in the base index of each qualification for their travel mode
        assertThat(inGeoIndex("p-base", "NURSE")).isFalse();
        for (String qualification : List.of("NURSE", "PICC_NURSE")) {
            assertThat(redis.opsForGeo().position("cc:{live}:base:" + qualification + ":EBIKE", "p-base").getFirst())
                    .satisfies(p -> assertThat(p.getY()).isCloseTo(31.2215, org.assertj.core.data.Offset.offset(1e-4)));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-registered"))
                .anyMatch(e -> e.get("providerId").asString().equals("p-base")
                        && e.get("base").get("lon").asDouble() == 121.4265 && e.get("schemaVersion").asInt() == 3));

        // a new registration with fewer qualifications and no base takes them out again
        Map<String, Object> unbased = new java.util.HashMap<>(NURSE);
        unbased.put("qualifications", List.of("NURSE"));
        put("/providers/p-base", unbased, ADMIN);
        assertThat(redis.opsForZSet().score("cc:{live}:base:NURSE:EBIKE", "p-base")).isNull();
        assertThat(redis.opsForZSet().score("cc:{live}:base:PICC_NURSE:EBIKE", "p-base")).isNull();

        based.put("base", Map.of("lat", 95, "lon", 121.4));
        assertThat(put("/providers/p-base", based, ADMIN).body().get("errors").valueStream()
                .map(e -> e.get("field").asString()).toList()).contains("base.lat");
    }

    @Test
    void aProviderOnABreakIsNotIndexedAndComesBackAfterIt() {
        String id = onDutyNurse();

        assertThat(put("/providers/" + id + "/break", Map.of("onBreak", true), provider(id)).status()).isEqualTo(204);
        put("/providers/" + id + "/location", Map.of("lat", 31.2215, "lon", 121.4265, "accuracyMeters", 12), provider(id));
        assertThat(inGeoIndex(id, "NURSE")).as("heartbeats during a break do not index them").isFalse();
        assertThat(get("/providers/" + id).get("onBreak").asBoolean()).isTrue();
        assertThat(get("/providers/" + id).get("available").asBoolean()).isFalse();

        put("/providers/" + id + "/break", Map.of("onBreak", false), DISPATCHER);
        assertThat(inGeoIndex(id, "NURSE")).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-availability-changed"))
                .anyMatch(e -> e.get("providerId").asString().equals(id) && e.get("reason").asString().equals("BREAK_STARTED")));
    }

    @Test
    void anUnknownQualificationIsRefusedWithTheFieldNamed() {
        Map<String, Object> bad = Map.of("organizationId", "ns-01", "name", "李四", "role", "NURSE",
                "qualifications", List.of("NURSE", "WIZARD"), "travelMode", "EBIKE");
        TestClient.Response response = put("/providers/p-bad", bad, ADMIN);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("qualifications[1]");
    }

    @Test
    void anOnDutyLocatedProviderIsIndexedPerQualificationAndAnnouncedAvailable() {
        String id = onDutyNurse();

        assertThat(inGeoIndex(id, "NURSE")).isTrue();
        assertThat(inGeoIndex(id, "PICC_NURSE")).isTrue();
        assertThat(get("/providers/" + id).get("available").asBoolean()).isTrue();
        assertThat(get("/providers/" + id).toString()).doesNotContain("31.2215");
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-availability-changed"))
                .anyMatch(e -> e.get("providerId").asString().equals(id) && e.get("available").asBoolean()));
    }

    @Test
    void anAvailableProviderWhoMovesFarEnoughIsAnnouncedAgainSoWaitingVisitsNearThemAreTried() {
        String id = onDutyNurse();
        // 100 m: not worth a new round; 400 m from where they were announced: it is
        assertThat(put("/providers/" + id + "/location", Map.of("lat", 31.2224, "lon", 121.4265, "accuracyMeters", 12),
                provider(id)).status()).isEqualTo(204);
        assertThat(put("/providers/" + id + "/location", Map.of("lat", 31.2251, "lon", 121.4265, "accuracyMeters", 12),
                provider(id)).status()).isEqualTo(204);

        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-availability-changed").stream()
                .filter(e -> e.get("providerId").asString().equals(id)).map(e -> e.get("reason").asString()))
                .containsExactly("ON_DUTY_LOCATED", "MOVED"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> eventsOfType(
                "provider-availability-changed").stream().filter(e -> e.get("providerId").asString().equals(id)).count() == 2);
    }

    @Test
    void aProviderWhoseHeartbeatsStopLeavesTheGeoIndexByThemselves() {
        String id = onDutyNurse();

        await().atMost(WAIT).until(() -> !inGeoIndex(id, "NURSE") && !inGeoIndex(id, "PICC_NURSE"));
        assertThat(get("/providers/" + id).get("available").asBoolean()).isFalse();
        assertThat(redis.opsForHash().get("cc:{live}:prov:" + id, "lat")).as("location forgotten").isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("provider-availability-changed"))
                .anyMatch(e -> e.get("providerId").asString().equals(id)
                        && e.get("reason").asString().equals("HEARTBEAT_LOST")));

        // the next heartbeat brings them back
        put("/providers/" + id + "/location", Map.of("lat", 31.2215, "lon", 121.4265, "accuracyMeters", 12), provider(id));
        assertThat(inGeoIndex(id, "NURSE")).isTrue();
    }

    @Test
    void locationsAreOnlyKeptWhileOnDuty() {
        String id = onDutyNurse();

        put("/providers/" + id + "/shift", Map.of("onDuty", false), DISPATCHER);
        TestClient.Response offDutyLocation = put("/providers/" + id + "/location",
                Map.of("lat", 31.2, "lon", 121.4, "accuracyMeters", 10), provider(id));

        assertThat(inGeoIndex(id, "NURSE")).isFalse();
        assertThat(redis.opsForHash().get("cc:{live}:prov:" + id, "lat")).isNull();
        assertThat(offDutyLocation.status()).isEqualTo(409);
        assertThat(put("/providers/nobody/location", Map.of("lat", 31.2, "lon", 121.4, "accuracyMeters", 10),
                provider("nobody")).status()).isEqualTo(404);
    }

    VisitOffered offer(String providerId) {
        return new VisitOffered(UUID.randomUUID().toString(), 1, Instant.now(), "ord-" + UUID.randomUUID(), "wtw3e",
                "off-" + UUID.randomUUID(), providerId, "ns-01", "NURSING_WOUND_CARE", "ROUTINE", "EBIKE", 900, 4, 1, null, false, new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0), "ONE_AT_A_TIME");
    }

    @Test
    void offersReachTheProviderAndStationInboxesAndAnAcceptIsPublishedOnce() {
        put("/providers/p-inbox-1", NURSE, ADMIN);
        VisitOffered offer = offer("p-inbox-1");
        publisher.publishAndWait(List.of(offer, offer)); // a duplicate delivery files it once

        await().atMost(WAIT).until(() -> get("/providers/p-inbox-1/offers", provider("p-inbox-1")).size() == 1);
        JsonNode inStation = get("/stations/ns-01/offers");
        assertThat(inStation.valueStream().map(o -> o.get("offerId").asString())).contains(offer.offerId());
        JsonNode shown = get("/providers/p-inbox-1/offers", provider("p-inbox-1")).get(0);
        assertThat(shown.get("etaMinutes").asInt()).isEqualTo(4);
        assertThat(shown.get("distanceMeters").asInt()).isEqualTo(900);
        assertThat(shown.has("address")).isFalse();
        assertThat(shown.has("notes")).isFalse();

        TestClient.Response accepted = post("/offers/" + offer.offerId() + "/accept", null, provider("p-inbox-1"));
        TestClient.Response again = post("/offers/" + offer.offerId() + "/accept", null, DISPATCHER);

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(409);
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("offer-accepted"))
                .filteredOn(e -> e.get("offerId").asString().equals(offer.offerId()))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("orderId").asString()).isEqualTo(offer.orderId());
                    assertThat(e.get("areaKey").asString()).isEqualTo("wtw3e");
                    assertThat(e.get("providerId").asString()).isEqualTo("p-inbox-1");
                }));

        VisitAssigned assignment = new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), offer.orderId(),
                "wtw3e", offer.offerId(), "p-inbox-1", "ns-01", 900, 4, null);
        publisher.publishAndWait(assignment);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(get("/offers/" + offer.offerId()).get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(get("/providers/p-inbox-1/visits").valueStream().map(JsonNode::asString)).containsExactly(offer.orderId());
            assertThat(get("/providers/p-inbox-1/offers", provider("p-inbox-1")).size()).isZero();
        });

        // the order is cancelled after assignment: the provider sees it in their inbox, and the visit is gone
        OfferWithdrawn cancelled = new OfferWithdrawn(UUID.randomUUID().toString(), 1, Instant.now(), offer.orderId(),
                "wtw3e", offer.offerId(), "p-inbox-1", "order cancelled");
        publisher.publishAndWait(cancelled);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode inbox = get("/providers/p-inbox-1/offers", provider("p-inbox-1"));
            assertThat(inbox.size()).isEqualTo(1);
            assertThat(inbox.get(0).get("offerId").asString()).isEqualTo(offer.offerId());
            assertThat(inbox.get(0).get("status").asString()).isEqualTo("CANCELLED");
            assertThat(get("/providers/p-inbox-1/visits").size()).isZero();
        });

        // the assignment and the withdrawal delivered again (a redelivery, a rebuild) change nothing: not theirs,
        // and still shown to them as CANCELLED
        publisher.publishAndWait(List.of(assignment, cancelled));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
            assertThat(get("/offers/" + offer.offerId()).get("status").asString()).isEqualTo("CANCELLED");
            assertThat(get("/providers/p-inbox-1/visits").size()).isZero();
            JsonNode inbox = get("/providers/p-inbox-1/offers", provider("p-inbox-1"));
            assertThat(inbox.size()).isEqualTo(1);
            assertThat(inbox.get(0).get("status").asString()).isEqualTo("CANCELLED");
        });
    }

    @Test
    void aStationSeesItsStaffsUpcomingVisitsByDayWithoutAddressesAndACancelledOneAsCancelled() {
        put("/providers/p-sched-1", NURSE, ADMIN);
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        java.time.LocalDate inThreeDays = java.time.LocalDate.now(shanghai).plusDays(3);
        Instant nine = inThreeDays.atTime(9, 0).atZone(shanghai).toInstant();
        VisitOffered base = offer("p-sched-1");
        VisitOffered planned = new VisitOffered(base.eventId(), 2, base.occurredAt(), base.orderId(), base.areaKey(),
                base.offerId(), base.providerId(), base.organizationId(), "NURSING_PICC_MAINT", "SCHEDULED",
                base.travelMode(), base.distanceMeters(), base.etaMinutes(), 1,
                new org.carecircle.contracts.events.TimeWindow(nine, nine.plus(Duration.ofHours(1))), false,
                base.explanation(), base.offerMode());
        VisitOffered now = offer("p-sched-1");
        publisher.publishAndWait(List.of(planned, now));
        for (VisitOffered o : List.of(planned, now)) {
            publisher.publishAndWait(new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), o.orderId(),
                    "wtw3e", o.offerId(), "p-sched-1", "ns-01", 900, 4, null));
        }

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode day = get("/stations/ns-01/schedule?from=" + inThreeDays + "&days=1");
            assertThat(day.valueStream().map(e -> e.get("orderId").asString())).containsExactly(planned.orderId());
            JsonNode entry = day.get(0);
            assertThat(entry.get("providerName").asString()).isEqualTo("王**");
            assertThat(entry.get("serviceCode").asString()).isEqualTo("NURSING_PICC_MAINT");
            assertThat(Instant.parse(entry.get("dueAt").asString())).isEqualTo(nine);
            assertThat(entry.get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(entry.get("stage").asString()).isEqualTo("ASSIGNED");
            assertThat(entry.has("address")).isFalse();
            // the default is today and the week ahead: both visits, the one due now first
            assertThat(get("/stations/ns-01/schedule").valueStream().map(e -> e.get("orderId").asString()))
                    .containsSubsequence(now.orderId(), planned.orderId());
        });

        publisher.publishAndWait(new OfferWithdrawn(UUID.randomUUID().toString(), 1, Instant.now(), planned.orderId(),
                "wtw3e", planned.offerId(), "p-sched-1", "order cancelled"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/stations/ns-01/schedule?from=" + inThreeDays
                + "&days=1").get(0).get("status").asString()).isEqualTo("CANCELLED"));
        // another station's dispatcher may not look; a nonsense range is a field error
        assertThat(http.as(DevTokens.dispatcher("ns-02")).get("/stations/ns-01/schedule").status()).isEqualTo(403);
        TestClient.Response tooLong = http.as(DISPATCHER).get("/stations/ns-01/schedule?days=90");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().toString()).contains("days");
        assertThat(http.as(DISPATCHER).get("/stations/ns-01/schedule?from=tomorrow").status()).isEqualTo(400);
    }

    @Test
    void theAddressIsRevealedOnlyToTheAssignedProviderAndOnlyForTheServiceWindow() {
        put("/providers/p-visit-1", NURSE, ADMIN);
        VisitOffered offer = offer("p-visit-1");
        publisher.publishAndWait(new VisitRequested(UUID.randomUUID().toString(), 3, Instant.now(), offer.orderId(),
                "wtw3e", new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER", "changning"), "NURSING_WOUND_CARE",
                "ROUTINE", "pt-1", new GeoPoint(31.22, 121.42), null,
                cipher.seal(offer.orderId(), new VisitDetails("华阳路 演示路1弄2号301室", "门铃坏了, 请电话联系")), null, null, null));
        publisher.publishAndWait(offer);
        String details = "/providers/p-visit-1/visits/" + offer.orderId();
        await().atMost(WAIT).until(() -> get("/providers/p-visit-1/offers", provider("p-visit-1")).size() == 1);
        assertThat(http.as(provider("p-visit-1")).get(details).status()).as("before acceptance").isEqualTo(404);

        publisher.publishAndWait(new VisitAssigned(UUID.randomUUID().toString(), 2, Instant.now(), offer.orderId(),
                "wtw3e", offer.offerId(), "p-visit-1", "ns-01", 900, 4, null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(get(details, provider("p-visit-1")).get("address").asString())
                .isEqualTo("华阳路 演示路1弄2号301室"));
        assertThat(http.as(DISPATCHER).get(details).status()).as("not even their dispatcher").isEqualTo(404);
        assertThat(http.as(provider("p-other")).get("/providers/p-visit-1/visits/" + offer.orderId()).status())
                .isEqualTo(404);
        await().atMost(WAIT).until(() -> http.as(provider("p-visit-1")).get(details).status() == 410);
    }

    @Test
    void aDeclineNeedsAReasonAndAWithdrawnOfferCannotBeAccepted() {
        put("/providers/p-inbox-2", NURSE, ADMIN);
        VisitOffered declined = offer("p-inbox-2");
        VisitOffered withdrawn = offer("p-inbox-2");
        publisher.publishAndWait(List.of(declined, withdrawn));
        await().atMost(WAIT).until(() -> get("/providers/p-inbox-2/offers").size() == 2);

        assertThat(post("/offers/" + declined.offerId() + "/decline", Map.of(), DISPATCHER).status()).isEqualTo(400);
        assertThat(post("/offers/" + declined.offerId() + "/decline", Map.of("reason", "on another visit"), DISPATCHER)
                .status()).isEqualTo(202);
        publisher.publishAndWait(new OfferWithdrawn(UUID.randomUUID().toString(), 1, Instant.now(),
                withdrawn.orderId(), "wtw3e", withdrawn.offerId(), "p-inbox-2", "offer expired unanswered"));
        await().atMost(WAIT).until(() -> get("/providers/p-inbox-2/offers").isEmpty());

        assertThat(post("/offers/" + withdrawn.offerId() + "/accept", null, provider("p-inbox-2")).status()).isEqualTo(409);
        assertThat(post("/offers/off-unknown/accept", null, DISPATCHER).status()).isEqualTo(404);
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsOfType("offer-declined"))
                .anyMatch(e -> e.get("offerId").asString().equals(declined.offerId())
                        && e.get("reason").asString().equals("on another visit")));
    }

    @Test
    void theRegistryIsRebuiltFromItsTopic() {
        publisher.publishAndWait(new ProviderRegistered(UUID.randomUUID().toString(), 3, Instant.now(), "p-replayed",
                "ns-07", "陈*", "CARE_WORKER", List.of("CARE_WORKER"), "WALKING",
                org.carecircle.contracts.events.ProviderProfile.unspecified(), new GeoPoint(31.2101, 121.4102)));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode provider = get("/providers/p-replayed", DevTokens.dispatcher("ns-07"));
            assertThat(provider.path("organizationId").asString()).isEqualTo("ns-07"); // a 404 until it is applied
            assertThat(provider.path("qualifications").path(0).asString()).isEqualTo("CARE_WORKER");
            assertThat(redis.opsForZSet().score("cc:{live}:base:CARE_WORKER:WALKING", "p-replayed")).isNotNull();
        });
    }
}
