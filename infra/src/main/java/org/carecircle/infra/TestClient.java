package org.carecircle.infra;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A service's HTTP API as a test calls it: a base URL and, optionally, a bearer token. Every answer comes back with
 * its status, headers and body, 4xx and 5xx included, so that a test can assert on status codes; {@link Response#ok()}
 * refuses an error status where a test only reads the body. Bodies are sent as JSON.
 */
public final class TestClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;
    private final String token;

    /** A caller without a token. */
    public TestClient(String baseUrl) {
        this(baseUrl, null);
    }

    public TestClient(String baseUrl, String token) {
        this(RestClient.builder().baseUrl(baseUrl).defaultStatusHandler(status -> true, (request, response) -> { })
                .build(), token);
    }

    private TestClient(RestClient http, String token) {
        this.http = http;
        this.token = token;
    }

    /** A service on this machine. */
    public static TestClient local(int port) {
        return new TestClient("http://localhost:" + port);
    }

    /** The same service, called with another bearer token. */
    public TestClient as(String token) {
        return new TestClient(http, token);
    }

    public Response get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    public Response post(String path) {
        return send(HttpMethod.POST, path, null);
    }

    public Response post(String path, Object body) {
        return send(HttpMethod.POST, path, body);
    }

    public Response put(String path, Object body) {
        return send(HttpMethod.PUT, path, body);
    }

    public Response delete(String path) {
        return send(HttpMethod.DELETE, path, null);
    }

    /** {@code body} (may be {@code null}) is sent as JSON; a GET carries no content type. */
    public Response send(HttpMethod method, String path, Object body) {
        return send(method, path, body, java.util.Map.of());
    }

    /** As {@link #send(HttpMethod, String, Object)}, with extra request headers (e.g. an Idempotency-Key). */
    public Response send(HttpMethod method, String path, Object body, java.util.Map<String, String> headers) {
        RestClient.RequestBodySpec spec = http.method(method).uri(path);
        for (java.util.Map.Entry<String, String> header : headers.entrySet()) {
            spec = spec.header(header.getKey(), header.getValue());
        }
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (method != HttpMethod.GET) {
            spec = spec.contentType(MediaType.APPLICATION_JSON);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        ResponseEntity<byte[]> answer = spec.retrieve().toEntity(byte[].class);
        Charset charset = Optional.ofNullable(answer.getHeaders().getContentType()).map(MediaType::getCharset)
                .orElse(StandardCharsets.UTF_8);
        byte[] bytes = answer.getBody();
        return new Response(method + " " + path, answer.getStatusCode().value(), answer.getHeaders(),
                bytes == null ? "" : new String(bytes, charset));
    }

    /** One answer: its status, headers and body as text ({@code ""} when there is none). */
    public record Response(String request, int status, HttpHeaders headers, String text) {
        /** The body as JSON, {@code null} when there is none. */
        public JsonNode body() {
            return text.isBlank() ? null : JSON.readTree(text);
        }

        /** This answer, if its status is not an error (4xx, 5xx); otherwise fails as a RestClient would. */
        public Response ok() {
            if (status >= 400) {
                throw new IllegalStateException(request + " answered " + status + ": " + text);
            }
            return this;
        }
    }
}
