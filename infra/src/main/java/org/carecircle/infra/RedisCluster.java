package org.carecircle.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of three primaries on loopback, each a {@code redis-server --cluster-enabled yes} process with its
 * own temporary directory, the slots spread by {@code redis-cli --cluster create}. For running the services' tests
 * against a cluster ({@code -Dcarecircle.redis=cluster}): every script must then touch one slot, which the keys'
 * hash tags ({@code cc:{live}:...}, {@code cc:{dispatch}:...}) make so. Needs {@code redis-server} and
 * {@code redis-cli} on the PATH.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    /** Three client ports, then three cluster-bus ports: six distinct ones, all free when chosen. */
    private final List<Integer> allPorts = RedisServer.freePorts(6);
    private final List<Integer> ports = allPorts.subList(0, 3);
    private final List<Process> processes = new ArrayList<>();

    private RedisCluster(Path binary, Path cli) throws IOException, InterruptedException {
        this.dir = Files.createTempDirectory("carecircle-cluster-");
        try {
            form(binary, cli);
        } catch (IOException | RuntimeException | InterruptedException e) {
            close(); // no server left running when the cluster did not form
            throw e;
        }
    }

    private void form(Path binary, Path cli) throws IOException, InterruptedException {
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            Path data = Files.createDirectories(dir.resolve(String.valueOf(port)));
            // the cluster bus needs a port of its own; the default (port + 10000) may lie beyond 65535
            processes.add(new ProcessBuilder(binary.toString(), "--port", String.valueOf(port),
                    "--cluster-port", String.valueOf(allPorts.get(3 + i)), "--cluster-enabled", "yes",
                    "--cluster-config-file", data.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000",
                    "--bind", "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "no",
                    "--protected-mode", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve(port + ".log").toFile()).start());
        }
        for (int port : ports) {
            await(() -> "PONG".equals(RedisSentinels.ask(port, "PING").getFirst()), () -> "node " + port
                    + " up (its log: " + lastLines(dir.resolve(port + ".log")) + ")");
        }
        List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creating = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
            creating.destroyForcibly();
            throw new IllegalStateException("redis-cli --cluster create failed; see " + dir.resolve("create.log"));
        }
        for (int port : ports) {
            await(() -> RedisSentinels.ask(port, "CLUSTER INFO").stream().anyMatch(l -> l.contains("cluster_state:ok")),
                    () -> "node " + port + " sees the cluster ok");
        }
    }

    /** Started, or empty when {@code redis-server} or {@code redis-cli} is not on the PATH. */
    public static Optional<RedisCluster> start() {
        Optional<Path> server = onPath("redis-server");
        Optional<Path> cli = onPath("redis-cli");
        if (server.isEmpty() || cli.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RedisCluster(server.get(), cli.get()));
        } catch (IOException e) {
            throw new IllegalStateException("could not start a Redis Cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code spring.data.redis.cluster.nodes}: every primary. */
    public String nodes() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return ports;
    }

    /** Empties every primary. */
    public void flushAll() {
        ports.forEach(p -> RedisSentinels.ask(p, "FLUSHALL"));
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin").split(":"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    private static void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not answering yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Redis Cluster: " + what.get() + " not within " + READY_TIMEOUT);
            }
            try {
                // polling processes just started; Awaitility is a test library and this is main code
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
