package org.carecircle.contracts.crypto;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The details cipher for services that seal or open visit details (they set {@code carecircle.crypto.*}). */
@AutoConfiguration
@ConditionalOnProperty(prefix = "carecircle.crypto", name = "active-key")
@EnableConfigurationProperties(CryptoProperties.class)
public class CryptoAutoConfiguration {
    @Bean
    public DetailsCipher detailsCipher(CryptoProperties properties) {
        return new DetailsCipher(properties.keys(), properties.activeKey());
    }
}
