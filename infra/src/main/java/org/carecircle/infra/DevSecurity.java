package org.carecircle.infra;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Security settings for local runs and tests: the development token issuer and a throwaway key (new in every
 * JVM) sealing visit details. Production sets these from its identity provider and secret store.
 */
public final class DevSecurity {
    private static final String DETAILS_KEY = randomKey();

    private DevSecurity() {
    }

    public static Map<String, Object> springProperties() {
        return Map.of(
                "carecircle.security.issuer", DevTokens.ISSUER,
                "carecircle.security.audience", DevTokens.AUDIENCE,
                "carecircle.security.public-key-location", "classpath:carecircle/dev-issuer/public.pem",
                "carecircle.crypto.active-key", "dev",
                "carecircle.crypto.keys.dev", DETAILS_KEY);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
