package org.carecircle.simulator;

import org.carecircle.infra.RealInfrastructure;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * README command 1: starts a real single-node KRaft Kafka and a real Redis, the three services, seeds the Changning
 * demo district, runs a scenario through the HTTP APIs and prints what happened; then keeps running until Ctrl-C
 * ({@code --exit-after-scenario} exits instead). Options: {@code --providers=N --orders=N --decline-rate=0.15
 * --seed=N}. Ports: intake 8081, provider 8082, dispatch 8083 ({@code --ports=0} picks free ones).
 */
public final class LocalPlatformMain {

    public static void main(String[] args) throws InterruptedException {
        List<String> options = Arrays.asList(args);
        boolean exitAfterScenario = options.contains("--exit-after-scenario");
        int providers = intOption(options, "--providers=", 300);
        int orders = intOption(options, "--orders=", 40);
        double declineRate = Double.parseDouble(option(options, "--decline-rate=", "0.15"));
        long seed = intOption(options, "--seed=", 2026);
        boolean randomPorts = "0".equals(option(options, "--ports=", ""));
        PrintStream out = System.out;

        out.println("CareCircle local platform: starting real Kafka (KRaft) and Redis...");
        RealInfrastructure infra = RealInfrastructure.start(RealInfrastructure.Mode.fromEnvironmentOr(RealInfrastructure.Mode.EMBEDDED));
        LocalPlatform platform;
        try {
            platform = LocalPlatform.start(infra, Map.of("spring.main.banner-mode", "off"),
                    randomPorts ? LocalPlatform.Ports.RANDOM : new LocalPlatform.Ports(8081, 8082, 8083));
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        ScheduledExecutorService devices = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stopAll = () -> {
            if (down.compareAndSet(false, true)) {
                devices.shutdownNow();
                platform.close();
                infra.close();
                stopped.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stopAll, "carecircle-shutdown"));

        out.printf("Kafka %s | Redis %s:%d%nintake   %s%nprovider %s%ndispatch %s%n", infra.kafkaBootstrapServers(),
                infra.redisHost(), infra.redisPort(), platform.intakeUrl(), platform.providerUrl(), platform.dispatchUrl());

        DemoDistrict district = DemoDistrict.changning(seed, providers);
        PlatformClient client = PlatformClient.of(platform);
        DemoScenario scenario = new DemoScenario(district, client, seed, out);
        out.printf("Seeding Changning: %d community health centers, %d nursing stations, %d providers %s%n",
                district.healthCenters().size(), district.nursingStations().size(), district.providers().size(),
                district.providersByRole());
        long seedStart = System.nanoTime();
        scenario.seedProviders();
        out.printf("Seeded in %d ms; %d providers on duty%n", (System.nanoTime() - seedStart) / 1_000_000,
                district.providers().stream().filter(DemoDistrict.DemoProvider::onDuty).count());
        devices.scheduleAtFixedRate(scenario::sendHeartbeats, 20, 20, TimeUnit.SECONDS);

        out.printf("Placing %d orders; stations decline about %.0f%% of offers...%n", orders, declineRate * 100);
        scenario.print(scenario.run(orders, declineRate, Duration.ofSeconds(90)));

        if (exitAfterScenario) {
            out.println("\nScenario done (--exit-after-scenario): stopping.");
            stopAll.run(); // services first, then Kafka and Redis, before the JVM's own exit hooks run
            System.exit(0);
        }
        out.printf("%nSupervisor console (the token stays in the page): %s/console/index.html#token=%s%n",
                platform.dispatchUrl(), org.carecircle.infra.DevTokens.supervisor("changning"));
        out.printf("Metrics: %s/actuator/prometheus (and the same on intake and provider)%n", platform.dispatchUrl());
        out.printf("%nTokens for the curl walkthrough (development issuer, valid 12 h):%n");
        out.printf("  export ORDERER=%s%n", org.carecircle.infra.DevTokens.orderer("chc-jiangsu", "COMMUNITY_HEALTH_CENTER"));
        out.printf("  export ADMIN=%s%n", org.carecircle.infra.DevTokens.admin("ns-01"));
        out.printf("  export DISPATCHER=%s%n", org.carecircle.infra.DevTokens.dispatcher("ns-01"));
        out.printf("  export PROVIDER=%s%n", org.carecircle.infra.DevTokens.provider("p-demo", "ns-01"));
        out.printf("  export SUPERVISOR=%s%n", org.carecircle.infra.DevTokens.supervisor("changning"));
        out.printf("%nThe platform keeps running; try the curl walkthrough in the README. Ctrl-C stops everything.%n");
        stopped.await();
    }

    /** {@code --name=value} from the command line, or {@code fallback}; shared by the simulator's commands. */
    public static String option(List<String> options, String prefix, String fallback) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst().orElse(fallback);
    }

    private static int intOption(List<String> options, String prefix, int fallback) {
        return Integer.parseInt(option(options, prefix, String.valueOf(fallback)));
    }
}
