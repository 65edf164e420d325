package org.carecircle.simulator.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.carecircle.contracts.Topic;
import org.carecircle.infra.KafkaProcesses;
import org.carecircle.infra.RedisSentinels;
import org.carecircle.infra.TopicProbe;
import org.carecircle.simulator.DemoDistrict;
import org.carecircle.simulator.DemoScenario;
import org.carecircle.simulator.MultiProcessMain;
import org.carecircle.simulator.PlatformClient;
import org.carecircle.simulator.ServiceProcesses;
import org.carecircle.simulator.record.RecordCheck;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite: the demo load on the multi-process deployment ({@link MultiProcessMain}: 3 Kafka nodes, Redis with
 * a replica and sentinels, two JVMs per service), one fault at a time injected while the orders of a round come in,
 * and after each round the promises checked from the record ({@link RecordCheck}) over everything on the topics so
 * far. Prints one row per fault: orders, lost, double, stuck, and the recovery time — from the fault until the first
 * offer to an order placed after it.
 */
public final class FaultSuite {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long after a round an order may still be between two steps before it counts as stuck. */
    static final Duration SETTLE = Duration.ofSeconds(90);

    /** What a fault acts on: the running deployment, the load, and the record. */
    record Deployment(KafkaProcesses kafka, RedisSentinels redis, ServiceProcesses services, DemoScenario scenario,
                      KafkaFaults record, ScheduledExecutorService background, Duration linkFaultFor) {
    }

    /**
     * One fault: a short key (for {@code --only}), its name in the table, and what it does to the running
     * deployment; what it returns is checked once the round settled (violations it found, by its own promise).
     */
    record Fault(String key, String name, FaultAction action) {
    }

    @FunctionalInterface
    interface FaultAction {
        /** Injects the fault; the returned check runs after the round (e.g. the poison records parked). */
        java.util.function.Supplier<List<String>> inject(Deployment deployment, Instant roundStart);
    }

    /** The links carried dispatch-2's traffic to Kafka: else breaking them proved nothing. */
    private static java.util.function.Supplier<List<String>> linksCarried(Deployment d) {
        long carried = d.kafka().links().stream().mapToLong(org.carecircle.infra.FaultyLink::connections).sum();
        return () -> carried > 0 ? List.of() : List.of("the links to Kafka carried no connection");
    }

    private static java.util.function.Supplier<List<String>> nothingMore() {
        return List::of;
    }

    /** One row of the results. */
    public record Row(String fault, int orders, int lost, int doubles, int stuck, int otherViolations,
                      Double recoverySeconds, List<String> examples) {
    }

    /** The visit topics the services consume (what a redelivery or a poison record is sent to). */
    static final List<String> CONSUMED = List.of(Topic.VISIT_ORDERS.baseName(), Topic.OFFER_RESPONSES.baseName(),
            Topic.VISIT_PROGRESS.baseName(), Topic.PROVIDER_AVAILABILITY.baseName());

    public static void main(String[] args) {
        List<String> options = List.of(args);
        int perRound = Integer.parseInt(org.carecircle.simulator.LocalPlatformMain.option(options, "--orders-per-fault=", "16"));
        Set<String> only = Set.of(org.carecircle.simulator.LocalPlatformMain.option(options, "--only=", "").split(","));
        boolean broken = options.contains("--with-broken-build");
        List<Row> rows = run(MultiProcessMain.projectRoot(), new Options(perRound, 120, Duration.ofSeconds(30),
                only.equals(Set.of("")) ? null : only, broken), System.out);
        boolean clean = rows.stream().filter(r -> !r.fault().startsWith(BROKEN))
                .allMatch(r -> r.lost() + r.doubles() + r.stuck() + r.otherViolations() == 0);
        boolean brokenCaught = !broken || rows.stream().anyMatch(r -> r.fault().startsWith(BROKEN) && r.doubles() > 0);
        System.exit(clean && brokenCaught ? 0 : 1);
    }

    /**
     * @param ordersPerFault orders placed in each round
     * @param providers      providers on duty
     * @param linkFaultFor   how long a stalled or cut link stays so
     * @param only           the keys of the faults to run (null: all)
     * @param brokenBuild    whether to end with a round on a deliberately broken build, which must show doubles
     */
    public record Options(int ordersPerFault, int providers, Duration linkFaultFor, Set<String> only,
                          boolean brokenBuild) {
    }

    /** The name of the last round's row, on a build whose reservation lets a provider be taken twice. */
    static final String BROKEN = "broken build";

    static List<Fault> faults() {
        return List.of(
                new Fault("baseline", "none (baseline)", (d, start) -> nothingMore()),
                new Fault("kill-dispatch", "kill -9 a dispatch instance", (d, start) -> {
                    d.services().kill(MultiProcessMain.instance(d.services(), "dispatch-2"));
                    return nothingMore();
                }),
                new Fault("kill-provider", "kill -9 a provider-service instance", (d, start) -> {
                    d.services().kill(MultiProcessMain.instance(d.services(), "provider-2"));
                    return nothingMore();
                }),
                new Fault("kill-intake", "kill -9 the intake instance clients call first, requests in flight", (d, start) -> {
                    d.services().kill(MultiProcessMain.instance(d.services(), "intake-1"));
                    return nothingMore();
                }),
                new Fault("stop-broker", "a Kafka broker stopped", (d, start) -> {
                    d.kafka().stop(busiestLeader(d.kafka()));
                    return nothingMore();
                }),
                new Fault("kill-leader", "the busiest partition's leader killed", (d, start) -> {
                    d.kafka().kill(busiestLeader(d.kafka()));
                    return nothingMore();
                }),
                new Fault("flush-redis", "Redis flushed (FLUSHALL)", (d, start) -> {
                    d.redis().flushPrimary();
                    return nothingMore();
                }),
                new Fault("kill-redis-primary", "the Redis primary killed (Sentinel promotes the replica)", (d, start) -> {
                    d.redis().killPrimary();
                    return nothingMore();
                }),
                new Fault("stall-kafka-link", "dispatch-2's link to Kafka stalled", (d, start) -> {
                    d.kafka().links().forEach(org.carecircle.infra.FaultyLink::stall);
                    d.background().schedule(() -> d.kafka().links().forEach(org.carecircle.infra.FaultyLink::heal),
                            d.linkFaultFor().toMillis(), TimeUnit.MILLISECONDS);
                    return linksCarried(d);
                }),
                new Fault("cut-kafka-link", "dispatch-2's link to Kafka cut", (d, start) -> {
                    d.kafka().links().forEach(org.carecircle.infra.FaultyLink::cut);
                    d.background().schedule(() -> d.kafka().links().forEach(org.carecircle.infra.FaultyLink::heal),
                            d.linkFaultFor().toMillis(), TimeUnit.MILLISECONDS);
                    return linksCarried(d);
                }),
                new Fault("repeat-http", "every order and answer sent twice (same Idempotency-Key)", (d, start) -> {
                    int before = d.scenario().repeatedIntoSecondOrder().size();
                    d.scenario().repeatRequests(true);
                    return () -> d.scenario().repeatedIntoSecondOrder().stream().skip(before)
                            .map(problem -> problem.startsWith("a second order") ? "double: " + problem : problem).toList();
                }),
                new Fault("redeliver-kafka", "the round's records delivered again", (d, start) -> {
                    int sent = d.record().redeliver(CONSUMED, start);
                    return () -> sent > 0 ? List.of() : List.of("no record of the round was delivered again");
                }),
                new Fault("poison", "poison records (not JSON; an unknown event type)", (d, start) -> {
                    Map<String, String> poison = d.record().poison(CONSUMED);
                    return () -> d.record().notParked(poison);
                }),
                new Fault("together", "together: kill -9 dispatch-2, a broker stopped, the Redis primary killed", (d, start) -> {
                    d.services().kill(MultiProcessMain.instance(d.services(), "dispatch-2"));
                    d.kafka().stop(busiestLeader(d.kafka()));
                    d.redis().killPrimary();
                    return nothingMore();
                }));
    }

    public static List<Row> run(Path project, Options options, PrintStream out) {
        out.println("Fault suite: starting 3 Kafka nodes, Redis with a replica and sentinels, two JVMs per service...");
        try (KafkaProcesses kafka = KafkaProcesses.start(3);
             RedisSentinels redis = RedisSentinels.start().orElseThrow(() ->
                     new IllegalStateException("redis-server is needed (apt-get install redis-server)"));
             ServiceProcesses services = new ServiceProcesses(project, MultiProcessMain.environment(kafka, redis))) {
            // dispatch-2 reaches Kafka through links the suite can stall or cut
            services.configure("dispatch-2", Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.linkedBootstrapServers()), null);
            MultiProcessMain.startTwoOfEach(services);
            PlatformClient client = new PlatformClient(
                    List.of(MultiProcessMain.instance(services, "intake-1").url(), MultiProcessMain.instance(services, "intake-2").url()),
                    MultiProcessMain.instance(services, "provider-1").url(),
                    MultiProcessMain.instance(services, "dispatch-1").url());
            DemoDistrict district = DemoDistrict.changning(7, options.providers());
            // the scenario's own table goes nowhere: the suite prints one row per fault
            DemoScenario scenario = new DemoScenario(district, client, 7,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            scenario.seedProviders();
            scenario.visitsDone(true);
            ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
            // heartbeats on their own thread: a fault that takes a while to inject must not make providers stale
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
            heartbeats.scheduleAtFixedRate(scenario::sendHeartbeats, 20, 20, TimeUnit.SECONDS);
            Deployment deployment = new Deployment(kafka, redis, services, scenario,
                    new KafkaFaults(kafka.bootstrapServers()), background, options.linkFaultFor());
            List<Row> rows = new ArrayList<>();
            Set<String> accepted = new HashSet<>();
            Set<String> reported = new HashSet<>();
            try (TopicProbe record = new TopicProbe(kafka.bootstrapServers(), List.of(Topic.VISIT_ORDERS.baseName(),
                    Topic.VISIT_DISPATCH.baseName(), Topic.OFFER_RESPONSES.baseName(), Topic.VISIT_PROGRESS.baseName()))) {
                out.printf("%n| fault | orders | lost | double | stuck | other | recovery s |%n| --- | --- | --- | --- | --- | --- | --- |%n");
                List<Fault> faults = new ArrayList<>(faults().stream()
                        .filter(f -> options.only() == null || options.only().contains(f.key())).toList());
                if (options.brokenBuild()) {
                    // early, while providers are plentiful; the build is restored after its round
                    faults.add(Math.min(1, faults.size()), brokenBuild());
                }
                for (Fault fault : faults) {
                    boolean broken = fault.key().equals("broken-build");
                    if (broken) {
                        restartDispatch(deployment, brokenReservation());
                        // the round's orders for one building: they compete for the same nearest providers
                        deployment.scenario().oneHome(true);
                    }
                    // the broken build's round needs a burst to bite: twenty orders at least
                    Row row = round(fault, deployment, broken ? Math.max(20, options.ordersPerFault())
                            : options.ordersPerFault(), record, accepted, reported);
                    rows.add(row);
                    out.printf("| %s | %d | %d | %d | %d | %d | %s |%n", row.fault(), row.orders(), row.lost(),
                            row.doubles(), row.stuck(), row.otherViolations(),
                            row.recoverySeconds() == null ? "-" : "%.1f".formatted(row.recoverySeconds()));
                    row.examples().forEach(e -> out.println("    " + e));
                    heal(deployment);
                    if (broken) {
                        restartDispatch(deployment, null);
                    }
                }
            } finally {
                background.shutdownNow();
                heartbeats.shutdownNow();
            }
            return rows;
        }
    }

    /**
     * The round after the baseline, on a deliberately broken build: both dispatch instances restarted with a {@code reserve.lua}
     * that takes a provider whether or not someone holds or booked them and leaves them in the index, and a {@code lib.lua}
     * whose facts never say a provider is held or booked — the reservation's check switched off; the rest of the round's orders
     * are for one building, so they compete for the same nearest providers. The record must show doubles. Both
     * instances are restarted on the build as it is after the round.
     */
    static Fault brokenBuild() {
        return new Fault("broken-build", BROKEN + ": the reservation's check switched off (must show doubles)",
                (d, start) -> nothingMore());
    }

    /** Both dispatch instances restarted, on the build with {@code overlay} before its jar (null: the build as it is). */
    static void restartDispatch(Deployment d, Path overlay) {
        for (String name : List.of("dispatch-1", "dispatch-2")) {
            ServiceProcesses.Instance instance = MultiProcessMain.instance(d.services(), name);
            d.services().configure(name, name.equals("dispatch-2")
                    ? Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", d.kafka().linkedBootstrapServers()) : Map.of(), overlay);
            d.services().stop(instance);
            d.services().start(ServiceProcesses.Service.DISPATCH, name);
        }
        d.services().awaitReady();
    }

    /** A directory with the two scripts of the broken build, read from the build's own and changed. */
    static Path brokenReservation() {
        try {
            Path overlay = java.nio.file.Files.createTempDirectory("carecircle-broken-build-");
            Path live = java.nio.file.Files.createDirectories(overlay.resolve("live"));
            String reserve = resource("/live/reserve.lua");
            String lib = resource("/live/lib.lua");
            Map<String, String> reserveChanges = Map.of(
                    "'SET', hold_key(id), ARGV[2], 'NX', 'PX', ARGV[3]", "'SET', hold_key(id), ARGV[2], 'PX', ARGV[3]",
                    "booked(id, ARGV[4], ARGV[5], nil)", "false",
                    "leave_index(id)", "-- stays findable");
            Map<String, String> libChanges = Map.of("hold = held or nil", "hold = nil",
                    "freeUntil = next_booking(id, after, nil)", "freeUntil = nil");
            String brokenReserve = change(reserve, reserveChanges);
            String brokenLib = change(lib, libChanges);
            java.nio.file.Files.writeString(live.resolve("reserve.lua"), brokenReserve);
            java.nio.file.Files.writeString(live.resolve("lib.lua"), brokenLib);
            return overlay;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not write the broken build's scripts", e);
        }
    }

    /** {@code text} with each key replaced by its value; fails when a key is not there (the scripts changed). */
    private static String change(String text, Map<String, String> changes) {
        String changed = text;
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (!changed.contains(change.getKey())) {
                throw new IllegalStateException("the reservation scripts changed (no \"" + change.getKey()
                        + "\"): the broken build needs updating");
            }
            changed = changed.replace(change.getKey(), change.getValue());
        }
        return changed;
    }

    private static String resource(String path) throws java.io.IOException {
        try (var in = FaultSuite.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What was not reported before, which from now on is. */
    private static List<String> fresh(List<String> found, Set<String> reported) {
        List<String> fresh = found.stream().filter(p -> !reported.contains(p)).toList();
        reported.addAll(fresh);
        return fresh;
    }

    private static Row round(Fault fault, Deployment d, int orders, TopicProbe record, Set<String> accepted,
                             Set<String> reported) {
        DemoScenario scenario = d.scenario();
        int placedBefore = scenario.placedAddresses().size();
        int doneBefore = scenario.visitsDoneCount();
        Instant roundStart = Instant.now();
        CompletableFuture<Instant> injected = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<List<String>>> afterwards =
                new java.util.concurrent.atomic.AtomicReference<>(nothingMore());
        var trigger = d.background().scheduleWithFixedDelay(() -> {
            if (!injected.isDone() && scenario.placedAddresses().size() - placedBefore >= Math.max(1, orders / 2)) {
                try {
                    Instant at = Instant.now();
                    afterwards.set(fault.action().inject(d, roundStart));
                    injected.complete(at);
                } catch (RuntimeException e) {
                    injected.completeExceptionally(e);
                }
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        List<DemoScenario.Outcome> outcomes;
        try {
            outcomes = scenario.run(orders, 0.15, Duration.ofSeconds(120));
            Instant at = injected.get(3, TimeUnit.MINUTES);
            outcomes.forEach(o -> accepted.add(o.orderId()));
            // an order may rightly be between two steps for a while after a fault (a visit whose instance died after
            // saving a decline is picked up by the retry round after the requested grace), and the suite's own reader
            // may lag behind a broker that died under it: lost and stuck are what is still missing after SETTLE
            Instant settleBy = Instant.now().plus(SETTLE);
            List<JsonNode> events = readAll(record);
            RecordCheck.Report report = RecordCheck.check(events, accepted, Instant.now());
            while ((!report.stuck().isEmpty() || !report.lost().isEmpty()) && Instant.now().isBefore(settleBy)) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                events = readAll(record);
                report = RecordCheck.check(events, accepted, Instant.now());
            }
            List<String> ownChecks = afterwards.get().get();
            // each row counts what appeared in its round: the check reads the whole record, earlier rounds included
            report = new RecordCheck.Report(fresh(report.lost(), reported), fresh(report.stuck(), reported),
                    fresh(report.doubleAssigned(), reported), fresh(report.overlapping(), reported),
                    fresh(report.acceptedAfterWithdrawal(), reported), fresh(report.unexplained(), reported),
                    fresh(report.reOffered(), reported), fresh(report.orderedTwice(), reported));
            List<JsonNode> settled = events;
            List<String> examples = new ArrayList<>();
            report.lost().stream().limit(2).forEach(e -> examples.add("lost: " + e));
            report.doubleAssigned().stream().limit(2).forEach(e -> examples.add("double: " + e));
            report.overlapping().stream().limit(2).forEach(e -> examples.add("double (overlapping): " + e));
            report.orderedTwice().stream().limit(2).forEach(e -> examples.add("double (ordered twice): " + e));
            report.stuck().stream().limit(4).forEach(e -> examples.add("stuck: " + e + " — its life: " + life(settled,
                    e.substring(0, e.indexOf(' ')))));
            report.acceptedAfterWithdrawal().stream().limit(2).forEach(e -> examples.add("after withdrawal: " + e));
            report.reOffered().stream().limit(2).forEach(e -> examples.add("re-offered: " + e));
            report.unexplained().stream().limit(2).forEach(e -> examples.add("unexplained: " + e));
            ownChecks.stream().limit(4).forEach(examples::add);
            examples.add("outcomes: " + outcomes.stream().collect(java.util.stream.Collectors.groupingBy(
                    o -> o.status() + (o.providerId() == null ? "" : " " + o.providerId()),
                    java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                    + ", then done (checked in and out): " + (scenario.visitsDoneCount() - doneBefore));
            int ownDoubles = (int) ownChecks.stream().filter(c -> c.startsWith("double")).count();
            int other = report.acceptedAfterWithdrawal().size() + report.reOffered().size()
                    + report.unexplained().size() + ownChecks.size() - ownDoubles;
            return new Row(fault.name(), outcomes.size(), report.lost().size(),
                    report.doubleAssigned().size() + report.overlapping().size() + report.orderedTwice().size() + ownDoubles,
                    report.stuck().size(), other, recoverySeconds(events, at), examples);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("fault " + fault.name() + " was not injected", e);
        } finally {
            trigger.cancel(false);
        }
    }

    /** The types of an order's events in time order, for a report. */
    static String life(List<JsonNode> events, String orderId) {
        return events.stream().filter(e -> e.has("orderId") && e.get("orderId").asString().equals(orderId))
                .sorted(java.util.Comparator.comparing(e -> Instant.parse(e.get("occurredAt").asString())))
                .map(e -> e.get("type").asString() + (e.hasNonNull("providerId") ? "(" + e.get("providerId").asString() + ")" : ""))
                .toList().toString();
    }

    /** Seconds from the fault until the first offer made to an order requested after it. */
    static Double recoverySeconds(List<JsonNode> events, Instant fault) {
        Map<String, Instant> requestedAfter = new LinkedHashMap<>();
        events.stream().filter(e -> e.get("type").asString().equals("visit-requested"))
                .filter(e -> Instant.parse(e.get("occurredAt").asString()).isAfter(fault))
                .forEach(e -> requestedAfter.put(e.get("orderId").asString(), Instant.parse(e.get("occurredAt").asString())));
        return events.stream().filter(e -> e.get("type").asString().equals("visit-offered"))
                .filter(e -> requestedAfter.containsKey(e.get("orderId").asString()))
                .map(e -> Instant.parse(e.get("occurredAt").asString()))
                .min(Instant::compareTo).map(first -> Duration.between(fault, first).toMillis() / 1000.0).orElse(null);
    }

    /**
     * Brings back what the last fault took away, as an orchestrator would: stopped Kafka nodes, killed service
     * instances and Redis servers, links; and the load's clients send each request once again.
     */
    private static void heal(Deployment d) {
        d.scenario().repeatRequests(false);
        d.scenario().oneHome(false);
        d.kafka().links().forEach(org.carecircle.infra.FaultyLink::heal);
        d.kafka().nodes().stream().filter(n -> !n.running()).forEach(n -> d.kafka().restart(n.id()));
        d.redis().restartKilled();
        Set<String> running = new HashSet<>();
        d.services().instances().stream().filter(ServiceProcesses.Instance::running).forEach(i -> running.add(i.name()));
        for (ServiceProcesses.Service service : ServiceProcesses.Service.values()) {
            for (int n = 1; n <= 2; n++) {
                String name = service.artifact().replace("-service", "") + "-" + n;
                if (!running.contains(name)) {
                    d.services().start(service, name);
                }
            }
        }
        d.services().awaitReady();
    }

    /** The node leading the most partitions of the visit topics. */
    static int busiestLeader(KafkaProcesses kafka) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<Integer, Integer> leads = new LinkedHashMap<>();
            for (TopicDescription topic : admin.describeTopics(List.of(Topic.VISIT_ORDERS.baseName(),
                    Topic.VISIT_DISPATCH.baseName())).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> {
                    if (p.leader() != null) {
                        leads.merge(p.leader().id(), 1, Integer::sum);
                    }
                });
            }
            return leads.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElseThrow(() -> new IllegalStateException("no partition has a leader"));
        } catch (Exception e) {
            throw new IllegalStateException("could not find the busiest leader", e);
        }
    }

    /** Every event on the record topics, read until nothing more arrives; records that are no event (poison) left out. */
    static List<JsonNode> readAll(TopicProbe probe) {
        int seen = -1;
        List<String> values = List.of();
        for (int quiet = 0; quiet < 3; ) {
            values = probe.values();
            quiet = values.size() == seen ? quiet + 1 : 0;
            seen = values.size();
        }
        List<JsonNode> events = new ArrayList<>();
        for (String value : values) {
            try {
                JsonNode event = JSON.readTree(value);
                if (event.hasNonNull("eventId") && event.hasNonNull("type") && event.hasNonNull("occurredAt")) {
                    events.add(event);
                }
            } catch (tools.jackson.core.JacksonException notAnEvent) {
                // a poison record the suite sent itself: the services park it, the check leaves it out
            }
        }
        return events;
    }
}
