package org.carecircle.simulator;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Talks to the three services over their real HTTP APIs with a bearer token, as a client application would; with
 * several intake instances, a request that cannot reach one (refused, reset, timed out) goes to the next, as behind
 * a load balancer.
 */
public final class PlatformClient {
    private final List<RestClient> intakes;
    private final RestClient provider;
    private final RestClient dispatch;

    public PlatformClient(String intakeUrl, String providerUrl, String dispatchUrl) {
        this(List.of(intakeUrl), providerUrl, dispatchUrl);
    }

    public PlatformClient(List<String> intakeUrls, String providerUrl, String dispatchUrl) {
        this.intakes = intakeUrls.stream().map(PlatformClient::client).toList();
        this.provider = client(providerUrl);
        this.dispatch = client(dispatchUrl);
    }

    /** The call on the first intake instance that can be reached. */
    private <T> T intake(java.util.function.Function<RestClient, T> call) {
        org.springframework.web.client.ResourceAccessException unreachable = null;
        for (RestClient intake : intakes) {
            try {
                return call.apply(intake);
            } catch (org.springframework.web.client.ResourceAccessException e) {
                unreachable = e;
            }
        }
        throw unreachable;
    }

    public static PlatformClient of(LocalPlatform platform) {
        return new PlatformClient(platform.intakeUrl(), platform.providerUrl(), platform.dispatchUrl());
    }

    private static RestClient client(String baseUrl) {
        return RestClient.builder().baseUrl(baseUrl)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    public ResponseEntity<JsonNode> registerProvider(String token, String providerId, Map<String, Object> registration) {
        return provider.put().uri("/providers/{id}", providerId).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(registration).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> providerStatus(String token, String providerId) {
        return provider.get().uri("/providers/{id}", providerId).headers(h -> h.setBearerAuth(token)).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<Void> shift(String token, String providerId, boolean onDuty) {
        return provider.put().uri("/providers/{id}/shift", providerId).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("onDuty", onDuty)).retrieve().toBodilessEntity();
    }

    public ResponseEntity<Void> location(String token, String providerId, double lat, double lon, int accuracyMeters) {
        return provider.put().uri("/providers/{id}/location", providerId).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("lat", lat, "lon", lon, "accuracyMeters", accuracyMeters)).retrieve().toBodilessEntity();
    }

    public ResponseEntity<JsonNode> createOrder(String token, Map<String, Object> order, String idempotencyKey) {
        return intake(intake -> intake.post().uri("/orders").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey).body(order).retrieve().toEntity(JsonNode.class));
    }

    /** The provider checks in at the home (their position there). */
    public ResponseEntity<JsonNode> checkIn(String token, String providerId, String orderId, double lat, double lon) {
        return provider.post().uri("/providers/{p}/visits/{o}/check-in", providerId, orderId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("lat", lat, "lon", lon, "accuracyMeters", 10))
                .retrieve().toEntity(JsonNode.class);
    }

    /** The provider checks out: the visit done. */
    public ResponseEntity<JsonNode> checkOut(String token, String providerId, String orderId) {
        return provider.post().uri("/providers/{p}/visits/{o}/check-out", providerId, orderId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("itemsDone", List.of(), "notes", "done"))
                .retrieve().toEntity(JsonNode.class);
    }

    public JsonNode order(String token, String orderId) {
        return intake(intake -> intake.get().uri("/orders/{id}", orderId).headers(h -> h.setBearerAuth(token)).retrieve().body(JsonNode.class));
    }

    public ResponseEntity<JsonNode> cancelOrder(String token, String orderId, String reason) {
        return intake(intake -> intake.post().uri("/orders/{id}/cancel", orderId).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", reason)).retrieve().toEntity(JsonNode.class));
    }

    public List<JsonNode> stationOffers(String token, String organizationId) {
        JsonNode offers = provider.get().uri("/stations/{id}/offers", organizationId).headers(h -> h.setBearerAuth(token)).retrieve().body(JsonNode.class);
        return offers == null ? List.of() : offers.valueStream().toList();
    }

    public List<JsonNode> providerOffers(String token, String providerId) {
        JsonNode offers = provider.get().uri("/providers/{id}/offers", providerId).headers(h -> h.setBearerAuth(token)).retrieve().body(JsonNode.class);
        return offers == null ? List.of() : offers.valueStream().toList();
    }

    public ResponseEntity<JsonNode> accept(String token, String offerId) {
        return provider.post().uri("/offers/{id}/accept", offerId).headers(h -> h.setBearerAuth(token)).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> decline(String token, String offerId, String reason) {
        return provider.post().uri("/offers/{id}/decline", offerId).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", reason)).retrieve().toEntity(JsonNode.class);
    }

    public List<JsonNode> queue(String token) {
        JsonNode queue = dispatch.get().uri("/dispatch/queue").headers(h -> h.setBearerAuth(token)).retrieve().body(JsonNode.class);
        return queue == null ? List.of() : queue.valueStream().toList();
    }

    public JsonNode dispatchState(String token, String orderId) {
        return dispatch.get().uri("/dispatch/visits/{id}", orderId).headers(h -> h.setBearerAuth(token)).retrieve().body(JsonNode.class);
    }
}
