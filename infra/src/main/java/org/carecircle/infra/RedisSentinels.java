package org.carecircle.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Redis as production runs it with failover, on loopback: a primary, a replica and three sentinels (quorum 2), each
 * a {@code redis-server} process (the sentinels in {@code --sentinel} mode) with its own temporary directory. For
 * tests that kill the primary and watch a replica take over. Needs {@code redis-server} on the PATH.
 */
public final class RedisSentinels implements AutoCloseable {
    public static final String MASTER = "carecircle";
    private static final Duration PROMOTION_TIMEOUT = Duration.ofSeconds(45);

    private final Path binary;
    private final Path dir;
    private final int primary = RedisServer.freePort();
    private final int replica = RedisServer.freePort();
    private final List<Integer> sentinels = List.of(RedisServer.freePort(), RedisServer.freePort(), RedisServer.freePort());
    private final List<Process> processes = new ArrayList<>();

    private RedisSentinels(Path binary) throws IOException {
        this.binary = binary;
        this.dir = Files.createTempDirectory("carecircle-sentinels-");
        spawn(List.of("--port", String.valueOf(primary)), "primary");
        spawn(List.of("--port", String.valueOf(replica), "--replicaof", "127.0.0.1", String.valueOf(primary)), "replica");
        awaitReady(primary);
        awaitReady(replica);
        for (int port : sentinels) {
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + dir,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 5000", "") + "\n");
            processes.add(new ProcessBuilder(binary.toString(), conf.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            awaitReady(port);
        }
    }

    /** Started, or empty when there is no {@code redis-server} on the PATH. */
    public static Optional<RedisSentinels> start() {
        Optional<Path> binary = Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin").split(":"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RedisSentinels(binary.get()));
        } catch (IOException e) {
            throw new IllegalStateException("could not start Redis with sentinels", e);
        }
    }

    /** What a service is configured with to find the primary through the sentinels (Lettuce). */
    public Map<String, Object> springProperties() {
        return Map.of("spring.data.redis.sentinel.master", MASTER, "spring.data.redis.sentinel.nodes",
                sentinels.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    }

    /** The port the sentinels name as primary now. */
    public int primaryPort() {
        List<String> address = ask(sentinels.getFirst(), "SENTINEL get-master-addr-by-name " + MASTER);
        return Integer.parseInt(address.get(1));
    }

    /** Empties the data set the services use (FLUSHALL on the primary; the replica follows). */
    public void flushPrimary() {
        ask(primaryPort(), "FLUSHALL");
    }

    /** Kills the primary without saving and returns once the sentinels have promoted the replica. */
    public void killPrimary() {
        int before = primaryPort();
        try {
            ask(before, "SHUTDOWN NOSAVE");
        } catch (IllegalStateException goneAsItShould) {
            // the connection drops as the server exits
        }
        Instant deadline = Instant.now().plus(PROMOTION_TIMEOUT);
        while (primaryPort() == before) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no replica promoted within " + PROMOTION_TIMEOUT);
            }
            pause();
        }
    }

    /**
     * Starts again, as a replica of the primary the sentinels name now, a server that was killed (as an orchestrator
     * restarts a pod); the sentinels find it. Returns how many were started.
     */
    public int restartKilled() {
        int started = 0;
        for (int port : List.of(primary, replica)) {
            try {
                ask(port, "PING");
            } catch (IllegalStateException down) {
                try {
                    spawn(List.of("--port", String.valueOf(port), "--replicaof", "127.0.0.1",
                            String.valueOf(primaryPort())), port == primary ? "primary" : "replica");
                } catch (IOException e) {
                    throw new IllegalStateException("could not restart Redis on " + port, e);
                }
                awaitReady(port);
                started++;
            }
        }
        return started;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private void spawn(List<String> args, String name) throws IOException {
        Path data = Files.createDirectories(dir.resolve(name));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(args);
        command.addAll(List.of("--bind", "127.0.0.1", "--dir", data.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "everysec", "--protected-mode", "no"));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static void awaitReady(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            try {
                if (ask(port, "PING").getFirst().equals("PONG")) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
            }
            pause();
        }
    }

    /** One inline command; the reply as its lines of data (a simple string, an error, a bulk or an array of bulks). */
    static List<String> ask(int port, String command) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = line(in);
            List<String> reply = new ArrayList<>();
            if (first.startsWith("*")) {
                for (int i = Integer.parseInt(first.substring(1)); i > 0; i--) {
                    line(in); // $length
                    reply.add(line(in));
                }
            } else if (first.startsWith("$")) {
                reply.add(line(in));
            } else {
                reply.add(first.substring(1));
            }
            return reply;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Redis at 127.0.0.1:" + port + " did not answer " + command, e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c == -1 && line.isEmpty()) {
            throw new IOException("connection closed");
        }
        return line.toString();
    }

    private static void pause() {
        try {
            // polling processes just started or failing over; Awaitility is a test library and this is main code
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
