package org.carecircle.contracts.crypto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * Keys that seal visit details ({@code carecircle.crypto.keys.<id>}: base64 of 32 random bytes, e.g. from
 * {@code openssl rand -base64 32}) and the id of the one new details are sealed with. Secrets: set them from the
 * environment or a secret store, never in a committed file (the local platform and tests use throwaway keys).
 */
@Validated
@ConfigurationProperties("carecircle.crypto")
public record CryptoProperties(@NotEmpty Map<String, String> keys, @NotBlank String activeKey) {
}
