package org.carecircle.edge.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * Who may issue tokens for CareCircle. Either {@code jwkSetUri} (an identity provider's key set) or
 * {@code publicKeyLocation} (an RSA public key in PEM, as the local development issuer uses) must be set; a
 * service with neither refuses to start rather than run unprotected.
 *
 * @param issuer   required {@code iss} claim
 * @param audience required {@code aud} claim
 */
@Validated
@ConfigurationProperties("carecircle.security")
public record SecurityProperties(@NotBlank String issuer, @DefaultValue("carecircle") String audience,
                                 String jwkSetUri, Resource publicKeyLocation) {
}
