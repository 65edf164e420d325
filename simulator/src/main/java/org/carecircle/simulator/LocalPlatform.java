package org.carecircle.simulator;

import org.carecircle.dispatch.DispatchApplication;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.intake.IntakeApplication;
import org.carecircle.provider.ProviderApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services started in this JVM against one real Kafka and one real Redis. Each service keeps its own
 * configuration file and port, exactly as when started alone; only the infrastructure addresses are passed in.
 */
public final class LocalPlatform implements AutoCloseable {
    private final RealInfrastructure infra;
    private final Map<String, Object> properties;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final ConfigurableApplicationContext intake;
    private final ConfigurableApplicationContext provider;
    private final ConfigurableApplicationContext dispatch;

    private LocalPlatform(RealInfrastructure infra, Map<String, Object> properties, Ports ports) {
        this.infra = infra;
        this.properties = properties;
        try {
            intake = start(IntakeApplication.builder(), ports.intake());
            provider = start(ProviderApplication.builder(), ports.provider());
            dispatch = start(DispatchApplication.builder(), ports.dispatch());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Ports of the three services; 0 picks a free one. */
    public record Ports(int intake, int provider, int dispatch) {
        public static final Ports RANDOM = new Ports(0, 0, 0);
    }

    /**
     * @param extra properties for all three services (e.g. a topic prefix, logging levels)
     */
    public static LocalPlatform start(RealInfrastructure infra, Map<String, Object> extra, Ports ports) {
        Map<String, Object> properties = new LinkedHashMap<>(infra.springProperties());
        properties.putAll(extra);
        return new LocalPlatform(infra, properties, ports);
    }

    /** Another dispatch-service instance in the same consumer group: scale-out as in production. */
    public ConfigurableApplicationContext startAnotherDispatcher() {
        return start(DispatchApplication.builder(), 0);
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, int port) {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=" + port);
        // the platform closes its services itself, in order, before the infrastructure goes
        ConfigurableApplicationContext context = builder.registerShutdownHook(false).run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    public String intakeUrl() {
        return url(intake);
    }

    public String providerUrl() {
        return url(provider);
    }

    public String dispatchUrl() {
        return url(dispatch);
    }

    public RealInfrastructure infrastructure() {
        return infra;
    }

    public static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    public <T> T bean(Class<T> type) {
        return dispatch.getBean(type);
    }

    /** The bean of {@code type} of each service that has one (e.g. each service's view guard). */
    public <T> List<T> beansOfAll(Class<T> type) {
        return contexts.stream().flatMap(c -> c.getBeanProvider(type).stream()).toList();
    }

    /** Stops the services (the infrastructure belongs to the caller). */
    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        contexts.clear();
    }
}
