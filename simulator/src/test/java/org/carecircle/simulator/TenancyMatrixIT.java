package org.carecircle.simulator;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Role × endpoint × foreign organization, across all three services: every cross-tenant attempt is denied
 * (404 where the resource's existence must not leak, 403 where the role or organization is simply wrong), and the
 * rightful caller is allowed. Organization A = chc-huayang (orders) and ns-01 (staff pa-1); B = chc-xinhua, ns-02.
 */
class TenancyMatrixIT {
    static LocalPlatform platform;
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static String orderId;
    static String offerId;

    @BeforeAll
    static void start() {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        platform = LocalPlatform.start(infra, Map.of("carecircle.kafka.topic-prefix", RealInfraInitializer.uniqueTopicPrefix()),
                LocalPlatform.Ports.RANDOM);
        TOKENS.put("ordererA", DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER"));
        TOKENS.put("ordererB", DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER"));
        TOKENS.put("dispatcherA", DevTokens.dispatcher("ns-01"));
        TOKENS.put("dispatcherB", DevTokens.dispatcher("ns-02"));
        TOKENS.put("adminA", DevTokens.admin("ns-01"));
        TOKENS.put("adminB", DevTokens.admin("ns-02"));
        TOKENS.put("providerA", DevTokens.provider("pa-1", "ns-01"));
        TOKENS.put("providerB", DevTokens.provider("pb-1", "ns-02"));
        TOKENS.put("supervisor", DevTokens.supervisor("changning"));
        TOKENS.put("supervisorElsewhere", DevTokens.supervisor("xuhui"));

        register("pa-1", "ns-01", "adminA", "providerA", 31.2230, 121.4265);
        register("pb-1", "ns-02", "adminB", "providerB", 31.3000, 121.5000); // ~10 km away: never offered this order
        orderId = call("intake", HttpMethod.POST, "/orders", ORDER, "ordererA").body().get("orderId").asString();
        offerId = await().atMost(Duration.ofSeconds(30)).until(() -> call("provider", HttpMethod.GET,
                "/providers/pa-1/offers", null, "providerA").body(), offers -> offers != null && offers.size() == 1)
                .get(0).get("offerId").asString();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    static final String ORDER = """
            {"requester":{"organizationId":"chc-huayang","kind":"COMMUNITY_HEALTH_CENTER"},
             "serviceCode":"NURSING_INJECTION","patientRef":"pt-matrix","firstVisitAssessedOn":"2026-01-15",
             "location":{"lat":31.2215,"lon":121.4265,"address":"华阳路街道 矩阵路1号"}}""";

    static void register(String id, String org, String admin, String self, double lat, double lon) {
        String valid = java.time.LocalDate.now().plusYears(1).toString();
        String body = "{\"organizationId\":\"" + org + "\",\"name\":\"测试员\",\"role\":\"NURSE\","
                + "\"qualifications\":[\"NURSE\"],\"travelMode\":\"EBIKE\",\"profile\":{\"title\":\"护师\","
                + "\"yearsOfPractice\":8,\"credentials\":[{\"type\":\"NURSE_LICENCE\",\"validUntil\":\"" + valid + "\"}],"
                + "\"maxVisitsPerDay\":0}}";
        assertThat(call("provider", HttpMethod.PUT, "/providers/" + id, body, admin).status()).isEqualTo(200);
        assertThat(call("provider", HttpMethod.PUT, "/providers/" + id + "/shift", "{\"onDuty\":true}", self).status()).isEqualTo(204);
        assertThat(call("provider", HttpMethod.PUT, "/providers/" + id + "/location",
                "{\"lat\":" + lat + ",\"lon\":" + lon + ",\"accuracyMeters\":10}", self).status()).isEqualTo(204);
    }

    record Response(int status, JsonNode body) {
    }

    static Response call(String service, HttpMethod method, String path, String body, String tokenName) {
        String base = switch (service) {
            case "intake" -> platform.intakeUrl();
            case "provider" -> platform.providerUrl();
            default -> platform.dispatchUrl();
        };
        RestClient.RequestBodySpec request = RestClient.builder().baseUrl(base)
                .defaultStatusHandler(status -> true, (req, res) -> { }).build()
                .method(method).uri(path).headers(h -> h.setBearerAuth(TOKENS.get(tokenName)));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        var entity = request.retrieve().toEntity(JsonNode.class);
        return new Response(entity.getStatusCode().value(), entity.getBody());
    }

    record Case(String service, HttpMethod method, String path, String body, String caller, int expected) {
        @Override
        public String toString() {
            return method + " " + service + path.replace(orderId, "{order}").replace(offerId, "{offer}") + " as " + caller;
        }
    }

    static void check(List<Case> cases) {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            int status = call(c.service(), c.method(), c.path(), c.body(), c.caller()).status();
            if (status != c.expected()) {
                wrong.add(c + ": expected " + c.expected() + " but was " + status);
            }
        }
        assertThat(wrong).as("cases answered wrongly").isEmpty();
    }

    @Test
    void everyCrossTenantAttemptIsDeniedAndTheRightfulCallerAllowed() {
        String order = "/orders/" + orderId;
        String offer = "/offers/" + offerId;
        String registration = "{\"organizationId\":\"ns-01\",\"name\":\"测试员\",\"role\":\"NURSE\","
                + "\"qualifications\":[\"NURSE\"],\"travelMode\":\"EBIKE\"}";
        String hijack = registration.replace("ns-01", "ns-02");
        List<Case> denied = new ArrayList<>();
        for (String stranger : List.of("ordererB", "dispatcherA", "dispatcherB", "adminA", "providerA", "providerB",
                "supervisorElsewhere")) {
            denied.add(new Case("intake", HttpMethod.GET, order, null, stranger, 404));
            denied.add(new Case("intake", HttpMethod.POST, order + "/cancel", "{}", stranger, 404));
        }
        for (String notOrdererA : List.of("ordererB", "dispatcherA", "adminA", "providerA", "supervisor")) {
            denied.add(new Case("intake", HttpMethod.POST, "/orders", ORDER, notOrdererA, 403));
        }
        for (String notAdminA : List.of("adminB", "dispatcherA", "providerA", "ordererA", "supervisor")) {
            denied.add(new Case("provider", HttpMethod.PUT, "/providers/pa-1", registration, notAdminA, 403));
        }
        denied.add(new Case("provider", HttpMethod.PUT, "/providers/pa-1", hijack, "adminB", 403));
        for (String stranger : List.of("dispatcherB", "adminB", "providerB", "ordererA", "supervisor")) {
            denied.add(new Case("provider", HttpMethod.GET, "/providers/pa-1", null, stranger, 404));
            denied.add(new Case("provider", HttpMethod.PUT, "/providers/pa-1/shift", "{\"onDuty\":true}", stranger, 404));
            denied.add(new Case("provider", HttpMethod.GET, "/providers/pa-1/offers", null, stranger, 404));
            denied.add(new Case("provider", HttpMethod.GET, "/providers/pa-1/visits", null, stranger, 404));
            denied.add(new Case("provider", HttpMethod.GET, offer, null, stranger, 404));
            denied.add(new Case("provider", HttpMethod.POST, offer + "/accept", null, stranger, 404));
            denied.add(new Case("provider", HttpMethod.POST, offer + "/decline", "{\"reason\":\"x\"}", stranger, 404));
        }
        for (String notSelf : List.of("dispatcherA", "adminA", "providerB")) {
            denied.add(new Case("provider", HttpMethod.PUT, "/providers/pa-1/location",
                    "{\"lat\":31.2,\"lon\":121.4,\"accuracyMeters\":5}", notSelf, 404));
        }
        for (String notDispatcherA : List.of("dispatcherB", "adminA", "providerA", "ordererA", "supervisor")) {
            denied.add(new Case("provider", HttpMethod.GET, "/stations/ns-01/offers", null, notDispatcherA, 403));
            denied.add(new Case("provider", HttpMethod.GET, "/stations/ns-01/schedule", null, notDispatcherA, 403));
        }
        for (String notOrderer : List.of("dispatcherA", "adminA", "providerA", "supervisor")) {
            denied.add(new Case("intake", HttpMethod.GET, "/care-plans", null, notOrderer, 403));
        }
        for (String notSupervisor : List.of("ordererA", "dispatcherA", "adminA", "providerA")) {
            denied.add(new Case("dispatch", HttpMethod.GET, "/dispatch/queue", null, notSupervisor, 403));
            denied.add(new Case("dispatch", HttpMethod.GET, "/dispatch/visits/" + orderId, null, notSupervisor, 404));
        }
        denied.add(new Case("dispatch", HttpMethod.GET, "/dispatch/visits/" + orderId, null, "supervisorElsewhere", 404));
        assertThat(denied).hasSize(86); // guards against the matrix silently shrinking
        check(denied);

        check(List.of(
                new Case("intake", HttpMethod.GET, order, null, "ordererA", 200),
                new Case("intake", HttpMethod.GET, order, null, "supervisor", 200),
                new Case("provider", HttpMethod.GET, "/providers/pa-1", null, "dispatcherA", 200),
                new Case("provider", HttpMethod.GET, "/providers/pa-1", null, "providerA", 200),
                new Case("provider", HttpMethod.GET, "/stations/ns-01/offers", null, "dispatcherA", 200),
                new Case("provider", HttpMethod.GET, "/stations/ns-01/schedule", null, "dispatcherA", 200),
                new Case("intake", HttpMethod.GET, "/care-plans", null, "ordererA", 200),
                new Case("provider", HttpMethod.GET, offer, null, "dispatcherA", 200),
                new Case("dispatch", HttpMethod.GET, "/dispatch/queue", null, "supervisor", 200),
                new Case("dispatch", HttpMethod.GET, "/dispatch/visits/" + orderId, null, "supervisor", 200),
                new Case("provider", HttpMethod.POST, offer + "/accept", null, "providerA", 202)));

        // after acceptance the address goes to the assigned provider, and to nobody else on the provider side
        await().atMost(Duration.ofSeconds(30)).until(() -> call("provider", HttpMethod.GET,
                "/providers/pa-1/visits/" + orderId, null, "providerA").status() == 200);
        assertThat(call("provider", HttpMethod.GET, "/providers/pa-1/visits/" + orderId, null, "providerA").body()
                .get("address").asString()).isEqualTo("华阳路街道 矩阵路1号");
        check(List.of(
                new Case("provider", HttpMethod.GET, "/providers/pa-1/visits/" + orderId, null, "dispatcherA", 404),
                new Case("provider", HttpMethod.GET, "/providers/pa-1/visits/" + orderId, null, "providerB", 404),
                new Case("provider", HttpMethod.GET, "/providers/pb-1/visits/" + orderId, null, "providerB", 404),
                new Case("provider", HttpMethod.GET, "/providers/pa-1/visits/" + orderId, null, "ordererA", 404)));
        assertThat(UUID.fromString(orderId.substring(4))).isNotNull();
    }
}
