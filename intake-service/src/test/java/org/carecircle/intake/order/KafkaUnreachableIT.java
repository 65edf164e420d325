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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the event log unreachable an order is not accepted: 503 with Retry-After, nothing readable, and a retry
 * with the same Idempotency-Key is not blocked by the failed attempt. Redis is real; Kafka points at a closed port.
 */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=intake-service", "spring.kafka.listener.auto-startup=false",
                "spring.kafka.admin.fail-fast=false", "spring.kafka.admin.operation-timeout=1s",
                "spring.kafka.admin.properties.request.timeout.ms=1000",
                "spring.kafka.admin.properties.default.api.timeout.ms=1000",
                "spring.kafka.producer.properties.max.block.ms=1500", "carecircle.kafka.publish-timeout=2s"})
@ContextConfiguration(initializers = {RealInfraInitializer.class, KafkaUnreachableIT.DeadKafka.class})
@DirtiesContext
class KafkaUnreachableIT {
    @LocalServerPort
    int port;

    /** Runs after the real-infrastructure initializer and points Kafka at a port where nothing listens. */
    static class DeadKafka implements org.springframework.context.ApplicationContextInitializer<
            org.springframework.context.ConfigurableApplicationContext> {
        @Override
        public void initialize(org.springframework.context.ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource(
                    "dead-kafka", java.util.Map.of("spring.kafka.bootstrap-servers", "127.0.0.1:1")));
        }
    }

    @Test
    void anOrderIsNotAcceptedWhileKafkaIsUnreachable() {
        RestClient client = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + OrderIntakeIT.TOKEN)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();

        for (int attempt = 0; attempt < 2; attempt++) {
            ResponseEntity<JsonNode> response = client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", "retry-me-123").body(OrderIntakeIT.ORDER).retrieve().toEntity(JsonNode.class);

            assertThat(response.getStatusCode().value()).as("attempt " + attempt).isEqualTo(503);
            assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(response.getBody().get("detail").asString()).contains("NOT accepted");
            assertThat(response.getBody().has("orderId")).isFalse();
        }
    }
}
