package org.carecircle.simulator;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.RedisSentinels;
import org.carecircle.infra.TestClient;
import org.carecircle.views.ViewGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * All three services, a busy morning — orders of every priority, offers open, visits assigned, one in progress, a
 * care plan — and
 * Redis loses everything in the middle: flushed, or killed and started again empty; or its primary is killed and
 * the sentinels promote the replica. Afterwards every order that got
 * a 202 reads as far as before, every visit is where it was (or further), nobody is assigned twice or holds two
 * visits, the registry is back, and a new emergency is offered as fast as usual.
 */
class RedisLossEndToEndIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> VIEWS = List.of("intake-orders", "intake-care-plans", "provider-registry",
            "provider-presence", "provider-visits", "dispatch-visits");
    static final List<String> STAGES = List.of("REQUESTED", "WAITING|OFFERED", "ASSIGNED", "EN_ROUTE", "IN_PROGRESS",
            "COMPLETED|NOT_DONE|CANCELLED");
    static final String SUPERVISOR = DevTokens.supervisor(DevTokens.DISTRICT);
    static RealInfrastructure infra;
    static LocalPlatform platform;
    static PlatformClient client;
    static DemoDistrict district;
    static DemoScenario scenario;
    static final Random random = new Random(11);
    static final Map<String, JsonNode> homes = new HashMap<>();
    static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        infra = RealInfrastructure.shared();
        infra.flushRedis();
        district = DemoDistrict.changning(11, 80);
        startPlatform(Map.of());
    }

    /** The three services on their own topics, {@code redis} overriding where Redis is; providers registered. */
    static void startPlatform(Map<String, Object> redis) {
        Map<String, Object> properties = new HashMap<>(Map.of("carecircle.kafka.topic-prefix",
                RealInfraInitializer.uniqueTopicPrefix(), "carecircle.views.check-interval", "500ms",
                "carecircle.http.rate-limit.enabled", "false"));
        properties.putAll(redis);
        platform = LocalPlatform.start(infra, properties, LocalPlatform.Ports.RANDOM);
        client = PlatformClient.of(platform);
        scenario = new DemoScenario(district, client, 11, new PrintStream(OutputStream.nullOutputStream()));
        scenario.seedProviders();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aFlushAllInTheMiddleOfABusyMorningLosesNothing() {
        busyMorningSurvives(infra::flushRedis);
    }

    @Test
    void redisKilledAndStartedEmptyInTheMiddleOfABusyMorningLosesNothing() {
        assumeTrue(infra.canRestartRedis(), "needs a redis-server process to kill");
        busyMorningSurvives(infra::restartRedisEmpty);
    }

    @Test
    void aSentinelFailoverInTheMiddleOfABusyMorningLosesNothing() {
        Optional<RedisSentinels> sentinels = RedisSentinels.start();
        assumeTrue(sentinels.isPresent(), "needs redis-server on the PATH");
        LocalPlatform shared = platform;
        try (RedisSentinels redis = sentinels.get()) {
            startPlatform(redis.springProperties()); // the services find the primary through the sentinels
            try {
                busyMorningSurvives(redis::killPrimary);
            } finally {
                platform.close();
            }
        } finally {
            platform = shared;
            client = PlatformClient.of(shared);
            scenario = new DemoScenario(district, client, 11, new PrintStream(OutputStream.nullOutputStream()));
        }
    }

    private void busyMorningSurvives(Runnable loss) {
        Map<String, String> orderers = placeOrders(12);
        acceptSomeOffers();
        await().atMost(WAIT).until(() -> orderers.keySet().stream().anyMatch(id -> "ASSIGNED".equals(status(id, orderers))));
        String onSite = checkInAtOneOf(orderers);
        String orderer = DevTokens.orderer(district.healthCenters().getFirst().id(), "COMMUNITY_HEALTH_CENTER");
        TestClient plans = new TestClient(platform.intakeUrl(), orderer);
        String seriesId = plans.post("/care-plans", carePlan(district.healthCenters().getFirst().id())).ok().body()
                .get("plan").get("seriesId").asString();
        JsonNode planBefore = plans.get("/care-plans/" + seriesId).ok().body().get("plan");
        Map<String, String> statusBefore = new LinkedHashMap<>();
        Map<String, List<String>> teamBefore = new HashMap<>();
        for (String orderId : orderers.keySet()) {
            statusBefore.put(orderId, status(orderId, orderers));
            teamBefore.put(orderId, team(dispatch(orderId).body()));
        }

        Instant lost = Instant.now();
        loss.run();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            scenario.sendHeartbeats(); // the providers' phones go on reporting
            return allViewsRebuiltSince(lost);
        });
        for (String orderId : orderers.keySet()) {
            TestClient.Response read = new TestClient(platform.intakeUrl(), orderers.get(orderId)).get("/orders/" + orderId);
            assertThat(read.status()).as("order %s readable by its orderer", orderId).isEqualTo(200);
            assertThat(stage(read.body().get("status").asString())).as("order %s as far as before", orderId)
                    .isGreaterThanOrEqualTo(stage(statusBefore.get(orderId)));
            JsonNode state = dispatch(orderId).ok().body();
            assertThat(state.get("status").asString()).isIn("REQUESTED", "WAITING", "OFFERED", "ASSIGNED", "DONE",
                    "CANCELLED");
            if (!teamBefore.get(orderId).isEmpty()) {
                assertThat(team(state)).as("whoever accepted %s keeps it", orderId).isEqualTo(teamBefore.get(orderId));
            }
        }
        assertNobodyHoldsTwoVisits(orderers.keySet());
        assertThat(statusBefore.get(onSite)).isEqualTo("IN_PROGRESS");
        String provider = team(dispatch(onSite).body()).getFirst();
        assertThat(new TestClient(platform.providerUrl(), providerToken(provider)).post("/providers/" + provider
                + "/visits/" + onSite + "/check-out", Map.of("itemsDone", List.of("NURSING_WOUND_CARE"))).status())
                .as("the visit in progress is finished after the loss").isLessThan(300);
        assertThat(plans.get("/care-plans/" + seriesId).ok().body().get("plan")).as("the care plan").isEqualTo(planBefore);
        for (DemoDistrict.DemoProvider p : district.providers()) {
            assertThat(new TestClient(platform.providerUrl(), DevTokens.admin(p.organizationId()))
                    .get("/providers/" + p.id()).status()).as("registration of %s", p.id()).isEqualTo(200);
        }

        // a new emergency is offered as fast as usual
        Instant placed = Instant.now();
        String emergency = placeOrders(1, "EMERGENCY_ALARM_CHECK").keySet().iterator().next();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> !dispatch(emergency).body().get("openOffers").isEmpty()
                || !team(dispatch(emergency).body()).isEmpty());
        assertThat(Duration.between(placed, Instant.now())).isLessThan(Duration.ofSeconds(15));
    }

    /** The provider of one assigned visit checks in at its door: a visit in progress when Redis goes. */
    private String checkInAtOneOf(Map<String, String> orderers) {
        for (String orderId : orderers.keySet()) {
            List<String> team = team(dispatch(orderId).body());
            JsonNode home = homes.get(orderId);
            if (!team.isEmpty() && "ASSIGNED".equals(status(orderId, orderers))) {
                String provider = team.getFirst();
                new TestClient(platform.providerUrl(), providerToken(provider)).post("/providers/" + provider
                        + "/visits/" + orderId + "/check-in", Map.of("lat", home.get("lat").asDouble(),
                        "lon", home.get("lon").asDouble(), "accuracyMeters", 10)).ok();
                await().atMost(WAIT).until(() -> "IN_PROGRESS".equals(status(orderId, orderers)));
                return orderId;
            }
        }
        throw new IllegalStateException("no visit assigned yet");
    }

    private static String providerToken(String providerId) {
        return DevTokens.provider(providerId, district.providers().stream().filter(p -> p.id().equals(providerId))
                .findFirst().orElseThrow().organizationId());
    }

    /** A weekly wound-care series for one of the health center's patients. */
    private static Map<String, Object> carePlan(String healthCenter) {
        DemoDistrict.Home home = district.randomHome(random);
        return Map.of("requester", Map.of("organizationId", healthCenter, "kind", "COMMUNITY_HEALTH_CENTER"),
                "serviceCode", "CARE_LTC_VISIT", "patientRef", "pt-plan-" + UUID.randomUUID().toString().substring(0, 6),
                "location", Map.of("lat", home.lat(), "lon", home.lon(), "address", home.address()),
                "recurrence", Map.of("kind", "LTC", "ltcLevel", 3),
                "startDate", java.time.LocalDate.now().plusDays(2).toString(),
                "window", Map.of("earliestStart", "09:00", "latestStart", "10:00"));
    }

    /** Orders of every priority across the district; returns each order's orderer token. */
    private Map<String, String> placeOrders(int count) {
        Map<String, String> orderers = new LinkedHashMap<>();
        List<String> services = List.of("EMERGENCY_ALARM_CHECK", "NURSING_WOUND_CARE", "PALLIATIVE_SYMPTOM",
                "NURSING_INJECTION", "CARE_MED_DELIVERY", "NURSING_STOMA_CARE");
        for (int i = 0; i < count; i++) {
            orderers.putAll(placeOrders(1, services.get(i % services.size())));
        }
        return orderers;
    }

    private Map<String, String> placeOrders(int count, String service) {
        Map<String, String> orderers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            DemoDistrict.Home home = district.randomHome(random);
            DemoDistrict.Organization orderer = district.healthCenters().get(random.nextInt(district.healthCenters().size()));
            String token = DevTokens.orderer(orderer.id(), orderer.kind());
            Map<String, Object> order = Map.of("requester", Map.of("organizationId", orderer.id(), "kind", orderer.kind()),
                    "serviceCode", service, "patientRef", "pt-" + UUID.randomUUID().toString().substring(0, 8),
                    "firstVisitAssessedOn", "2026-01-15",
                    "location", Map.of("lat", home.lat(), "lon", home.lon(), "address", home.address()));
            JsonNode created = client.createOrder(token, order, UUID.randomUUID().toString()).getBody();
            orderers.put(created.get("orderId").asString(), token);
            homes.put(created.get("orderId").asString(), JSON.valueToTree(Map.of("lat", home.lat(), "lon", home.lon())));
        }
        return orderers;
    }

    /** Stations accept every other open offer; the rest stay open. */
    private void acceptSomeOffers() {
        await().atMost(WAIT).until(() -> district.organizations().stream().mapToLong(o ->
                client.stationOffers(DevTokens.dispatcher(o.id()), o.id()).size()).sum() >= 3);
        int seen = 0;
        for (DemoDistrict.Organization organization : district.organizations()) {
            String dispatcher = DevTokens.dispatcher(organization.id());
            for (JsonNode offer : client.stationOffers(dispatcher, organization.id())) {
                if ("OPEN".equals(offer.get("status").asString()) && seen++ % 2 == 0) {
                    client.accept(dispatcher, offer.get("offerId").asString());
                }
            }
        }
    }

    private void assertNobodyHoldsTwoVisits(Set<String> orderIds) {
        Set<String> holding = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (String orderId : orderIds) {
            JsonNode state = dispatch(orderId).ok().body();
            if (Set.of("DONE", "CANCELLED").contains(state.get("status").asString())) {
                continue;
            }
            List<String> involved = new ArrayList<>(team(state));
            state.get("openOffers").forEach(o -> involved.add(o.get("providerId").asString()));
            involved.stream().filter(p -> !holding.add(p)).forEach(twice::add);
        }
        assertThat(twice).as("providers with two visits or offers at once").isEmpty();
    }

    /** Every view of every service rebuilt after {@code lost} (and whole: its marker back). */
    private boolean allViewsRebuiltSince(Instant lost) {
        List<ViewGuard> guards = platform.beansOfAll(ViewGuard.class);
        return VIEWS.stream().allMatch(v -> guards.stream().anyMatch(g -> g.whole(v))
                && guards.stream().anyMatch(g -> g.lastRebuild(v).filter(r -> r.finishedAt().isAfter(lost)).isPresent()));
    }

    private static String status(String orderId, Map<String, String> orderers) {
        return client.order(orderers.get(orderId), orderId).get("status").asString();
    }

    private static TestClient.Response dispatch(String orderId) {
        return new TestClient(platform.dispatchUrl(), SUPERVISOR).get("/dispatch/visits/" + orderId);
    }

    private static List<String> team(JsonNode state) {
        return state == null || state.get("team") == null ? List.of()
                : state.get("team").valueStream().map(JsonNode::asString).toList();
    }

    private static int stage(String status) {
        for (int i = 0; i < STAGES.size(); i++) {
            if (status.matches(STAGES.get(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException(status);
    }
}
