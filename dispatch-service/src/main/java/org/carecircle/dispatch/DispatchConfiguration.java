package org.carecircle.dispatch;

import org.carecircle.dispatch.DispatchProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties(DispatchProperties.class)
class DispatchConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
