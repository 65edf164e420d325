package org.carecircle.dispatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** dispatch-service: matches visits to providers inside the 15-minute circle. */
@SpringBootApplication
@EnableScheduling
public class DispatchApplication {

    /** The application with its own configuration file ({@code dispatch-service.yml}); also used by the simulator. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DispatchApplication.class)
                .properties("spring.config.name=dispatch-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
