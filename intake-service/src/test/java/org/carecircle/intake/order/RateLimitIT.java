package org.carecircle.intake.order;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.intake.IntakeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A client over its rate gets 429 with Retry-After; other clients are not affected. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "carecircle.http.rate-limit.requests-per-minute=5",
                "carecircle.http.rate-limit.burst=5"})
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class RateLimitIT {
    @LocalServerPort
    int port;

    ResponseEntity<JsonNode> call(String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (req, res) -> { }).build()
                .get().uri("/orders/ord-none").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .retrieve().toEntity(JsonNode.class);
    }

    @Test
    void aClientOverItsLimitIsToldToWaitAndOthersAreNot() {
        String busy = DevTokens.orderer("chc-huayang", "COMMUNITY_HEALTH_CENTER");
        List<Integer> statuses = new ArrayList<>();
        ResponseEntity<JsonNode> last = null;
        for (int i = 0; i < 7; i++) {
            last = call(busy);
            statuses.add(last.getStatusCode().value());
        }

        assertThat(statuses.subList(0, 5)).containsOnly(404);
        assertThat(statuses.subList(5, 7)).containsOnly(429);
        assertThat(last.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(last.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(call(DevTokens.orderer("chc-xinhua", "COMMUNITY_HEALTH_CENTER")).getStatusCode().value()).isEqualTo(404);
    }
}
