package org.carecircle.contracts.catalogue;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Makes the service catalogue from configuration available to every service. */
@AutoConfiguration
@EnableConfigurationProperties(CatalogueProperties.class)
public class CatalogueAutoConfiguration {
    @Bean
    public ServiceCatalogue serviceCatalogue(CatalogueProperties properties) {
        return new ServiceCatalogue(properties.services());
    }
}
