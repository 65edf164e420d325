package org.carecircle.intake;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** intake-service: takes visit orders and shows their progress. */
@SpringBootApplication
@org.springframework.scheduling.annotation.EnableScheduling
public class IntakeApplication {

    /** The application with its own configuration file ({@code intake-service.yml}); also used by the simulator. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IntakeApplication.class)
                .properties("spring.config.name=intake-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
