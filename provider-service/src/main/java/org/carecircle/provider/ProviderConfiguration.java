package org.carecircle.provider;

import org.carecircle.provider.presence.PresenceProperties;
import org.carecircle.provider.visits.AssignedVisits;
import org.carecircle.provider.visits.VisitLifecycle;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties({PresenceProperties.class, AssignedVisits.PrivacyProperties.class,
        VisitLifecycle.VisitProperties.class})
class ProviderConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
