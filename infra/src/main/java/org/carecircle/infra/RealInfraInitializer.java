package org.carecircle.infra;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Points a Spring test context at the shared {@link RealInfrastructure}. Each context gets its own topic prefix
 * (so no test sees another's events) and starts on an empty Redis.
 * Use with {@code @ContextConfiguration(initializers = RealInfraInitializer.class)} and {@code @DirtiesContext}.
 */
public class RealInfraInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        Map<String, Object> properties = new HashMap<>(infra.springProperties());
        properties.put("carecircle.kafka.topic-prefix", uniqueTopicPrefix());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("real-infrastructure", properties));
        // Redis is flushed whenever another test context starts: a context kept in the cache would take that for a
        // data loss and rebuild its views into the next test class's Redis. Tests of the rebuild set a short interval.
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource("real-infrastructure-defaults",
                Map.of("carecircle.views.check-interval", "1h")));
    }

    /** A fresh topic namespace, e.g. for a test that starts several applications against the same topics. */
    public static String uniqueTopicPrefix() {
        return "t" + ProcessHandle.current().pid() + "-" + CONTEXTS.incrementAndGet() + "-";
    }
}
