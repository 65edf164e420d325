package org.carecircle.provider;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** provider-service: registry, live presence and the offer inbox. */
@SpringBootApplication
@EnableScheduling
public class ProviderApplication {

    /** The application with its own configuration file ({@code provider-service.yml}); also used by the simulator. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ProviderApplication.class)
                .properties("spring.config.name=provider-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
