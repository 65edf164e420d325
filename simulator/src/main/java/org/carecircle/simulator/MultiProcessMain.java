package org.carecircle.simulator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.carecircle.infra.KafkaProcesses;
import org.carecircle.infra.RedisSentinels;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The platform as a deployment runs it, on this machine: a 3-node KRaft Kafka cluster (separate processes from Kafka's
 * own jars), Redis with a replica and three sentinels, and two instances of each service, each its own JVM started
 * with {@code java -jar} from the executable jars and configured only by its environment. Runs the demo scenario
 * through the first instances; when half the orders are in, the second dispatch and provider instances are stopped
 * (SIGTERM, as Kubernetes does) and their partitions move to the first. Prints the consumer groups before and after
 * and the scenario's outcome, as README command 1 does. Needs the jars ({@code ./mvnw -DskipTests package}) and
 * {@code redis-server}. Options as {@link LocalPlatformMain} ({@code --providers --orders --decline-rate --seed}).
 */
public final class MultiProcessMain {

    /** What a run left: the scenario's outcomes and each consumer group's partitions per member, after the stop. */
    public record Result(List<DemoScenario.Outcome> outcomes, Map<String, Map<String, Integer>> groupsBefore,
                         Map<String, Map<String, Integer>> groupsAfter, List<String> stopped) {
    }

    public static void main(String[] args) {
        List<String> options = Arrays.asList(args);
        Result result = run(projectRoot(),
                Integer.parseInt(LocalPlatformMain.option(options, "--providers=", "300")), Integer.parseInt(LocalPlatformMain.option(options, "--orders=", "40")),
                Double.parseDouble(LocalPlatformMain.option(options, "--decline-rate=", "0.15")), Long.parseLong(LocalPlatformMain.option(options, "--seed=", "2026")),
                System.out);
        boolean settled = result.outcomes().stream().allMatch(o -> DemoScenario.settled(o));
        System.out.println(settled ? "\nEvery order settled across the stop." : "\nSome orders did not settle.");
        System.exit(settled ? 0 : 1);
    }

    public static Result run(Path project, int providers, int orders, double declineRate, long seed, PrintStream out) {
        out.println("Starting a 3-node KRaft Kafka cluster (separate processes)...");
        try (KafkaProcesses kafka = KafkaProcesses.start(3);
             RedisSentinels redis = RedisSentinels.start().orElseThrow(() ->
                     new IllegalStateException("redis-server is needed (apt-get install redis-server)"))) {
            Map<String, String> environment = environment(kafka, redis);
            out.printf("Kafka %s | Redis sentinels %s%n", kafka.bootstrapServers(),
                    redis.springProperties().get("spring.data.redis.sentinel.nodes"));
            try (ServiceProcesses services = new ServiceProcesses(project, environment)) {
                return drive(kafka, services, providers, orders, declineRate, seed, out);
            }
        }
    }

    /** What every service instance is given: the Kafka cluster, Redis through its sentinels, topics as production. */
    public static Map<String, String> environment(KafkaProcesses kafka, RedisSentinels redis) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        redis.springProperties().forEach((key, value) ->
                environment.put(key.toUpperCase().replace('.', '_').replace('-', '_'), String.valueOf(value)));
        environment.put("CARECIRCLE_KAFKA_REPLICATION_FACTOR", "3");
        environment.put("CARECIRCLE_KAFKA_MIN_INSYNC_REPLICAS", "2");
        return environment;
    }

    /** Two instances of each service, the first ones ready (they create the topics) before the second ones start. */
    public static void startTwoOfEach(ServiceProcesses services) {
        for (int n = 1; n <= 2; n++) {
            for (ServiceProcesses.Service service : ServiceProcesses.Service.values()) {
                services.start(service, service.artifact().replace("-service", "") + "-" + n);
            }
            services.awaitReady();
        }
    }

    /** The running instance named {@code name}. */
    public static ServiceProcesses.Instance instance(ServiceProcesses services, String name) {
        return services.instances().stream().filter(i -> i.name().equals(name) && i.running()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running instance " + name));
    }

    private static Result drive(KafkaProcesses kafka, ServiceProcesses services, int providers, int orders,
                                double declineRate, long seed, PrintStream out) {
        long started = System.nanoTime();
        // the first instance of each service creates the topics; the second ones join their consumer groups
        startTwoOfEach(services);
        var intake = instance(services, "intake-1");
        var provider = instance(services, "provider-1");
        var dispatch = instance(services, "dispatch-1");
        var provider2 = instance(services, "provider-2");
        var dispatch2 = instance(services, "dispatch-2");
        out.printf("Six service JVMs ready in %d s (logs in %s)%n", (System.nanoTime() - started) / 1_000_000_000,
                services.directory());
        services.instances().forEach(i -> out.printf("  %-11s %s%n", i.name(), i.url()));

        PlatformClient client = new PlatformClient(intake.url(), provider.url(), dispatch.url());
        DemoDistrict district = DemoDistrict.changning(seed, providers);
        DemoScenario scenario = new DemoScenario(district, client, seed, out);
        scenario.seedProviders();
        Map<String, Map<String, Integer>> before = settledGroups(kafka.bootstrapServers(), services);
        out.println("\nConsumer groups (partitions per instance) before the stop:");
        print(before, out);

        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<String> stoppedNames = List.of(dispatch2.name(), provider2.name());
        try {
            background.scheduleAtFixedRate(scenario::sendHeartbeats, 20, 20, TimeUnit.SECONDS);
            background.scheduleWithFixedDelay(() -> {
                if (scenario.placedAddresses().size() >= Math.max(1, orders / 2) && stopping.compareAndSet(false, true)) {
                    out.printf("%n%d of %d orders in: stopping %s (SIGTERM)%n", scenario.placedAddresses().size(),
                            orders, stoppedNames);
                    try {
                        services.stop(dispatch2);
                        services.stop(provider2);
                        stopped.complete(null);
                    } catch (RuntimeException e) {
                        stopped.completeExceptionally(e);
                    }
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            out.printf("Placing %d orders; stations decline about %.0f%% of offers...%n", orders, declineRate * 100);
            List<DemoScenario.Outcome> outcomes = scenario.run(orders, declineRate, Duration.ofSeconds(120));
            scenario.print(outcomes);
            awaitStop(stopped);
            Map<String, Map<String, Integer>> after = settledGroups(kafka.bootstrapServers(), services);
            out.println("\nConsumer groups after the stop:");
            print(after, out);
            return new Result(outcomes, before, after, stopped.isDone() ? stoppedNames : List.of());
        } finally {
            background.shutdownNow();
        }
    }

    private static void awaitStop(CompletableFuture<Void> stopped) {
        try {
            stopped.get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the instances were not stopped", e);
        }
    }

    /**
     * The consumer groups once Kafka has settled them on the instances running now: every group stable, and its
     * members exactly the running instances of its service (a snapshot taken mid-rebalance would show a partial one).
     */
    static Map<String, Map<String, Integer>> settledGroups(String bootstrapServers, ServiceProcesses services) {
        java.util.Set<String> running = services.instances().stream().filter(ServiceProcesses.Instance::running)
                .map(ServiceProcesses.Instance::name).collect(Collectors.toSet());
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Map<String, Boolean> stable = new TreeMap<>();
            Map<String, Map<String, Integer>> groups = groups(bootstrapServers, stable);
            boolean settled = groups.entrySet().stream().allMatch(g -> (stable.get(g.getKey()) || g.getValue().isEmpty()) && g.getValue().keySet()
                    .equals(running.stream().filter(r -> g.getValue().keySet().stream()
                            .anyMatch(m -> m.split("-")[0].equals(r.split("-")[0]))).collect(Collectors.toSet())));
            if (settled || java.time.Instant.now().isAfter(deadline)) {
                return groups;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    /** Each consumer group's members (by client id, the instance's name) and how many partitions each holds. */
    private static Map<String, Map<String, Integer>> groups(String bootstrapServers, Map<String, Boolean> stable) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Collection<String> ids = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).toList();
            Map<String, Map<String, Integer>> groups = new TreeMap<>();
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(ids).all().get(30, TimeUnit.SECONDS).values()) {
                Map<String, Integer> members = new TreeMap<>();
                for (MemberDescription member : group.members()) {
                    members.merge(instanceOf(member.clientId()), member.assignment().topicPartitions().size(), Integer::sum);
                }
                groups.put(group.groupId(), members);
                stable.put(group.groupId(), group.groupState() == org.apache.kafka.common.GroupState.STABLE);
            }
            return groups;
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the consumer groups", e);
        }
    }

    /** {@code dispatch-2-0} (Spring Kafka adds the container's index to the client id) → {@code dispatch-2}. */
    private static String instanceOf(String clientId) {
        String[] parts = clientId.split("-");
        return parts.length >= 2 ? parts[0] + "-" + parts[1] : clientId;
    }

    private static void print(Map<String, Map<String, Integer>> groups, PrintStream out) {
        groups.forEach((group, members) -> out.printf("  %-28s %s%n", group, members.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
    }


    /** The checkout: the working directory or the nearest parent with the services' modules (spring-boot:run runs in simulator/). */
    public static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("dispatch-service")) && Files.isDirectory(dir.resolve("intake-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the CareCircle checkout (no dispatch-service/ above " + Path.of("").toAbsolutePath() + ")");
    }
}
