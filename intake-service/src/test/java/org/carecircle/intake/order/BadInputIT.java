package org.carecircle.intake.order;

import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.intake.IntakeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets a 4xx application/problem+json answer naming the fields at fault, never a 500. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=intake-service")
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class BadInputIT {
    @LocalServerPort
    int port;

    ResponseEntity<JsonNode> post(String body, MediaType type) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + OrderIntakeIT.TOKEN)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build()
                .post().uri("/orders").contentType(type).body(body).retrieve().toEntity(JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String body) {
        return post(body, MediaType.APPLICATION_JSON);
    }

    static void assertProblem(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status);
        assertThat(response.getBody().get("title").asString()).isNotBlank();
    }

    static List<String> fields(ResponseEntity<JsonNode> response) {
        return response.getBody().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    @Test
    void malformedJson() {
        ResponseEntity<JsonNode> response = post("{\"requester\": {\"organizationId\": \"chc-1\",");
        assertProblem(response, 400);
        assertThat(response.getBody().get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void missingFieldsAreEachNamed() {
        ResponseEntity<JsonNode> response = post("{\"requester\":{\"organizationId\":\"chc-1\"}}");
        assertProblem(response, 400);
        assertThat(fields(response)).contains("serviceCode", "patientRef", "location", "requester.kind");
    }

    @Test
    void unknownServiceCode() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("NURSING_WOUND_CARE", "HAIRCUT"));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("serviceCode");
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).contains("unknown service code");
    }

    @Test
    void coordinatesOutOfRange() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("31.2215", "91.5").replace("121.4265", "-181"));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactlyInAnyOrder("location.lat", "location.lon");
    }

    @Test
    void aValueOfTheWrongKind() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("COMMUNITY_HEALTH_CENTER", "HOSPITAL"));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("requester.kind");
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).contains("CARE_HOME");
    }

    @Test
    void aWindowThatEndsBeforeItStarts() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("\"notes\"",
                "\"window\":{\"earliestStart\":\"2026-11-23T10:00:00Z\",\"latestStart\":\"2026-11-23T09:00:00Z\"},\"notes\""));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("window.ordered");
    }

    @Test
    void aNameInsteadOfAPseudonymousPatientReference() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("pt-7f3a9c", "张 三"));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("patientRef");
    }

    @Test
    void anOversizedBody() {
        ResponseEntity<JsonNode> response = post(OrderIntakeIT.ORDER.replace("家属在家", "x".repeat(70_000)));
        assertProblem(response, 413);
    }

    @Test
    void theWrongMediaType() {
        assertProblem(post("serviceCode=NURSING_WOUND_CARE", MediaType.TEXT_PLAIN), 415);
    }

    @Test
    void anUnknownOrder() {
        ResponseEntity<JsonNode> response = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + OrderIntakeIT.TOKEN)
                .defaultStatusHandler(status -> true, (request, r) -> { }).build()
                .get().uri("/orders/ord-nope").retrieve().toEntity(JsonNode.class);
        assertProblem(response, 404);
    }
}
