package org.carecircle.contracts.catalogue;

import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** Binds {@code carecircle.catalogue.services} (shipped in {@code carecircle/service-catalogue.yml}). */
@Validated
@ConfigurationProperties("carecircle.catalogue")
public record CatalogueProperties(@NotEmpty List<ServiceDefinition> services) {
}
