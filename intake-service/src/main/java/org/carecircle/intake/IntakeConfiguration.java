package org.carecircle.intake;

import org.carecircle.intake.order.IntakeProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
@EnableConfigurationProperties({IntakeProperties.class, org.carecircle.intake.careplan.CarePlanProperties.class})
class IntakeConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
