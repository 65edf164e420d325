package org.carecircle.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A KRaft Kafka cluster of separate processes on loopback, as production runs it: {@code nodes} nodes that are each a
 * broker and a voter of the controller quorum, started from Kafka's own jars (those on this JVM's class path, from
 * Maven Central: {@code kafka.Kafka} after {@code kafka.tools.StorageTool format}). Topics default to replication
 * {@code min(3, nodes)} with {@code min.insync.replicas} one less, so one node may stop without losing a write.
 * Each node logs to {@code <dir>/node-<id>.log}. A second listener of each node is reached through a {@link FaultyLink}
 * ({@link #linkedBootstrapServers()}), for a client whose link to Kafka is to be stalled or cut.
 */
public final class KafkaProcesses implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Node> nodes = new ArrayList<>();

    /** One node: its id, client port, controller port and process (null while stopped). */
    public static final class Node {
        private final int id;
        private final FaultyLink link;
        private final int port;
        private final int controllerPort;
        private final int linkedPort;
        private Process process;

        private Node(int id, FaultyLink link, List<Integer> ports) {
            this.id = id;
            this.port = ports.get(0);
            this.controllerPort = ports.get(1);
            this.linkedPort = ports.get(2);
            this.link = link.forwardTo(linkedPort);
        }

        public int id() {
            return id;
        }

        public int port() {
            return port;
        }

        public boolean running() {
            return process != null && process.isAlive();
        }
    }

    private KafkaProcesses(int count) throws IOException, InterruptedException {
        this.dir = Files.createTempDirectory("carecircle-kafka-");
        // the links listen first, so that no port chosen for a node can be one a link took
        List<FaultyLink> links = IntStream.rangeClosed(1, count).mapToObj(id -> FaultyLink.listening()).toList();
        List<Integer> ports = RedisServer.freePorts(3 * count);
        IntStream.rangeClosed(1, count).forEach(id -> nodes.add(new Node(id, links.get(id - 1),
                ports.subList(3 * (id - 1), 3 * id))));
        String voters = nodes.stream().map(n -> n.id + "@127.0.0.1:" + n.controllerPort).collect(Collectors.joining(","));
        int replication = Math.min(3, count);
        int minInsync = Math.max(1, replication - 1);
        for (Node node : nodes) {
            Path config = dir.resolve("node-" + node.id + ".properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + node.id,
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://127.0.0.1:" + node.port + ",CONTROLLER://127.0.0.1:" + node.controllerPort
                            + ",LINKED://127.0.0.1:" + node.linkedPort,
                    // LINKED is reached through the node's FaultyLink: a client bootstrapped there talks to every
                    // node through the links (the metadata names the links), so the suite can stall or cut them
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.port + ",LINKED://127.0.0.1:" + node.link.port(),
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,LINKED:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data-" + node.id),
                    "num.partitions=6",
                    "default.replication.factor=" + replication,
                    "min.insync.replicas=" + minInsync,
                    "offsets.topic.replication.factor=" + replication,
                    "transaction.state.log.replication.factor=" + replication,
                    "transaction.state.log.min.isr=" + minInsync,
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false", "") + "\n");
            Process format = java("kafka.tools.StorageTool", List.of("format", "-t", clusterId, "-c", config.toString()),
                    dir.resolve("format-" + node.id + ".log"));
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("could not format the storage of Kafka node " + node.id
                        + " (see " + dir + ")");
            }
        }
        try {
            nodes.forEach(this::start);
            awaitCluster(count);
        } catch (RuntimeException e) {
            close(); // no node left running when the cluster did not come up
            throw e;
        }
    }

    /** Starts {@code count} nodes and returns once all of them are brokers of the cluster. */
    public static KafkaProcesses start(int count) {
        try {
            return new KafkaProcesses(count);
        } catch (IOException e) {
            throw new IllegalStateException("could not start Kafka processes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
    }

    /** The cluster as reached through the {@link FaultyLink}s: for one client whose link to Kafka the suite breaks. */
    public String linkedBootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.link.port()).collect(Collectors.joining(","));
    }

    /** The links of every node, to stall, cut or heal together. */
    public List<FaultyLink> links() {
        return nodes.stream().map(n -> n.link).toList();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Path directory() {
        return dir;
    }

    /** Stops a node gracefully (SIGTERM: leadership moves before it exits) and waits for its exit. */
    public void stop(int nodeId) {
        halt(node(nodeId), false);
    }

    /** Kills a node (SIGKILL: no controlled shutdown). */
    public void kill(int nodeId) {
        halt(node(nodeId), true);
    }

    /** Starts a stopped node again on its ports and data. */
    public void restart(int nodeId) {
        Node node = node(nodeId);
        if (!node.running()) {
            start(node);
        }
    }

    @Override
    public void close() {
        // all at once: a node that stops last cannot hand its partitions to anyone and would wait for a quorum
        nodes.stream().filter(Node::running).forEach(n -> n.process.destroy());
        nodes.forEach(n -> {
            n.link.close();
            try {
                if (n.process != null && !n.process.waitFor(15, TimeUnit.SECONDS)) {
                    n.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            n.process = null;
        });
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private Node node(int id) {
        return nodes.stream().filter(n -> n.id == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + id));
    }

    private void start(Node node) {
        node.process = java("kafka.Kafka", List.of(dir.resolve("node-" + node.id + ".properties").toString()),
                dir.resolve("node-" + node.id + ".log"));
    }

    private static void halt(Node node, boolean kill) {
        if (node.process == null) {
            return;
        }
        if (kill) {
            node.process.destroyForcibly();
        } else {
            node.process.destroy();
        }
        try {
            if (!node.process.waitFor(60, TimeUnit.SECONDS)) {
                node.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.process = null;
    }

    private void awaitCluster(int count) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (true) {
                nodes.stream().filter(n -> !n.running()).findFirst().ifPresent(n -> {
                    throw new IllegalStateException("Kafka node " + n.id + " exited; see " + dir.resolve("node-" + n.id + ".log"));
                });
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == count) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the quorum is still electing a leader
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka cluster of " + count + " not up within " + START_TIMEOUT
                            + "; see " + dir);
                }
                try {
                    // polling processes just started; Awaitility is a test library and this is main code
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** A JVM running {@code mainClass} from this JVM's class path (where Kafka's jars are), output to {@code log}. */
    private static Process java(String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + mainClass, e);
        }
    }
}
