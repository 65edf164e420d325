package org.carecircle.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The development token issuer: mints RS256 JWTs with the repository's dev key pair (see
 * {@code carecircle/dev-issuer/README.md}) for the local platform, the demo and tests. Run as a program to print a
 * token: {@code java -cp ... org.carecircle.infra.DevTokens ORDERER chc-jiangsu COMMUNITY_HEALTH_CENTER}
 * (the README shows the Maven command).
 */
public final class DevTokens {
    public static final String ISSUER = "https://dev-issuer.carecircle.local";
    public static final String AUDIENCE = "carecircle";
    public static final String DISTRICT = "changning";
    private static final PrivateKey KEY = loadKey();

    private DevTokens() {
    }

    /** A token for {@code subject} with the given CareCircle claims, valid for {@code validity}. */
    public static String mint(String subject, Map<String, Object> claims, Duration validity) {
        return mint(subject, claims, Instant.now().plus(validity), KEY, ISSUER);
    }

    public static String mint(String subject, Map<String, Object> claims, Instant expiry, PrivateKey key, String issuer) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject).issuer(issuer).audience(AUDIENCE).jwtID(UUID.randomUUID().toString())
                .issueTime(new Date()).expirationTime(Date.from(expiry));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Staff of an ordering organization. */
    public static String orderer(String organizationId, String kind) {
        return mint("orderer@" + organizationId, Map.of("roles", List.of("ORDERER"), "org", organizationId,
                "org_kind", kind, "district", DISTRICT), Duration.ofHours(12));
    }

    /** A station's (or health center's) dispatcher. */
    public static String dispatcher(String organizationId) {
        return mint("dispatcher@" + organizationId, Map.of("roles", List.of("STATION_DISPATCHER"),
                "org", organizationId, "district", DISTRICT), Duration.ofHours(12));
    }

    public static String provider(String providerId, String organizationId) {
        return mint(providerId, Map.of("roles", List.of("PROVIDER"), "org", organizationId, "provider_id", providerId,
                "district", DISTRICT), Duration.ofHours(12));
    }

    public static String supervisor(String district) {
        return mint("supervisor@" + district, Map.of("roles", List.of("SUPERVISOR"), "district", district),
                Duration.ofHours(12));
    }

    /** An organization's administrator (changes its part of the provider registry). */
    public static String admin(String organizationId) {
        return mint("admin@" + organizationId, Map.of("roles", List.of("ADMIN"), "org", organizationId,
                "district", DISTRICT), Duration.ofHours(12));
    }

    private static PrivateKey loadKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream("/carecircle/dev-issuer/private-pkcs8.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the development signing key", e);
        }
    }

    /** Prints a token: {@code ROLE ORG [ORG_KIND|PROVIDER_ID]}, e.g. {@code ORDERER chc-jiangsu COMMUNITY_HEALTH_CENTER}. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DevTokens ORDERER <org> <kind> | STATION_DISPATCHER <org> | PROVIDER <providerId> <org>"
                    + " | SUPERVISOR [district] | ADMIN <org>");
            System.exit(2);
        }
        String token = switch (args[0]) {
            case "ORDERER" -> orderer(args[1], args.length > 2 ? args[2] : "COMMUNITY_HEALTH_CENTER");
            case "STATION_DISPATCHER" -> dispatcher(args[1]);
            case "PROVIDER" -> provider(args[1], args[2]);
            case "SUPERVISOR" -> supervisor(args.length > 1 ? args[1] : DISTRICT);
            case "ADMIN" -> admin(args[1]);
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        };
        System.out.println(token);
    }
}
