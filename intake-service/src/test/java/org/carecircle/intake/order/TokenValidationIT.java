package org.carecircle.intake.order;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
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

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Only unexpired RS256 tokens of the configured issuer, for the CareCircle audience, get in. */
@SpringBootTest(classes = IntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=intake-service")
@ContextConfiguration(initializers = RealInfraInitializer.class)
@DirtiesContext
class TokenValidationIT {
    static final Map<String, Object> ORDERER_CLAIMS = Map.of("roles", List.of("ORDERER"), "org", "chc-huayang",
            "org_kind", "COMMUNITY_HEALTH_CENTER", "district", "changning");

    @LocalServerPort
    int port;

    ResponseEntity<JsonNode> catalogueWith(String authorization) {
        RestClient.RequestHeadersSpec<?> request = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (req, res) -> { }).build().get().uri("/catalogue/services");
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }

    void assertRejected(String authorization) {
        ResponseEntity<JsonNode> response = catalogueWith(authorization);
        assertThat(response.getStatusCode().value()).as(authorization).isEqualTo(401);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void aValidTokenGetsIn() {
        assertThat(catalogueWith("Bearer " + DevTokens.mint("u1", ORDERER_CLAIMS, Duration.ofMinutes(5)))
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void noTokenOrGarbageIsRejected() {
        assertRejected(null);
        assertRejected("Bearer not.a.jwt");
        assertRejected("Basic dXNlcjpwYXNz");
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        PrivateKey devKey = devKey();
        assertRejected("Bearer " + DevTokens.mint("u1", ORDERER_CLAIMS, Instant.now().minusSeconds(300), devKey,
                DevTokens.ISSUER));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey foreign = generator.generateKeyPair().getPrivate();
        assertRejected("Bearer " + DevTokens.mint("u1", ORDERER_CLAIMS, Instant.now().plusSeconds(300), foreign,
                DevTokens.ISSUER));
    }

    @Test
    void aTokenWhoseClaimsWereChangedAfterSigningIsRejected() {
        String[] parts = DevTokens.mint("u1", ORDERER_CLAIMS, Duration.ofMinutes(5)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("chc-huayang", "chc-xinhua");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRejected("Bearer " + forged);
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIsRejected() throws Exception {
        assertRejected("Bearer " + DevTokens.mint("u1", ORDERER_CLAIMS, Instant.now().plusSeconds(300), devKey(),
                "https://evil.example"));
        JWTClaimsSet otherAudience = new JWTClaimsSet.Builder().subject("u1").issuer(DevTokens.ISSUER)
                .audience("another-app").expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), otherAudience);
        jwt.sign(new RSASSASigner(devKey()));
        assertRejected("Bearer " + jwt.serialize());
    }

    @Test
    void unsignedAndSymmetricallySignedTokensAreRejected() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("u1").issuer(DevTokens.ISSUER).audience("carecircle")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", List.of("ORDERER")).build();
        assertRejected("Bearer " + new PlainJWT(claims).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner("a-shared-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
        assertRejected("Bearer " + hmac.serialize());
    }

    private static PrivateKey devKey() throws Exception {
        var field = DevTokens.class.getDeclaredField("KEY");
        field.setAccessible(true);
        return (PrivateKey) field.get(null);
    }
}
