package org.carecircle.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A running Redis server: a redis-server process, embedded-redis's binary, or a container. */
abstract class RedisServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    abstract String host();

    abstract int port();

    @Override
    public abstract void close();

    /** Kills the server and starts it again empty on the same address (only a redis-server process can). */
    void restartEmpty() {
        throw new UnsupportedOperationException("only a redis-server process can be restarted empty");
    }

    boolean canRestartEmpty() {
        return false;
    }

    /** Sends one inline command and returns the first reply line. */
    String command(String command) {
        try (Socket socket = new Socket(host(), port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + host() + ":" + port() + " did not answer " + command, e);
        }
    }

    void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (true) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
            }
            try {
                // polling a just-started process; Awaitility is a test library and this is also used by the demo
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** redis-server from the PATH when installed, embedded-redis's bundled binary otherwise. */
    static RedisServer local() {
        Optional<Path> installed = findOnPath("redis-server");
        if (installed.isPresent()) {
            return new ProcessRedis(installed.get());
        }
        log.info("No redis-server on the PATH; using embedded-redis's bundled binary");
        return new EmbeddedRedis();
    }

    /**
     * Redis in a container: {@code carecircle/redis:7} (deploy/images/build, Debian's redis-server) when the engine
     * has it, {@code redis:7.2-alpine} otherwise; {@link Docker#redisImage}. Run as {@link ProcessRedis} runs it.
     */
    static RedisServer container() {
        DockerImageName image = Docker.redisImage();
        log.info("Redis container from {}", image);
        GenericContainer<?> container = Docker.labelled(new GenericContainer<>(image))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "yes",
                        "--appendfsync", "everysec", "--loglevel", "notice")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
                .withStartupTimeout(Duration.ofMinutes(1));
        container.start();
        return new RedisServer() {
            @Override
            String host() {
                return container.getHost();
            }

            @Override
            int port() {
                return container.getMappedPort(6379);
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    /** {@code count} free ports, no two the same (probed together). */
    static java.util.List<Integer> freePorts(int count) {
        java.util.List<java.net.ServerSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                open.add(new java.net.ServerSocket(0)); // held open together, so no two are the same
            }
            return open.stream().map(java.net.ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new IllegalStateException("no free ports", e);
        } finally {
            for (java.net.ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin:/usr/sbin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * redis-server as a child process. It runs in its own session (setsid), so a Ctrl-C in the terminal reaches
     * this JVM, whose shutdown stops the services first and Redis last; and it is wrapped in a tiny shell
     * watchdog that stops it when this JVM is gone, so even a killed JVM leaves no orphan server behind. It keeps
     * an append-only file (fsync every second) in a temporary directory, removed when it stops.
     */
    private static final class ProcessRedis extends RedisServer {
        private final int port = freePort();
        private final Path binary;
        private Process process;
        private Path dataDir;

        ProcessRedis(Path binary) {
            this.binary = binary;
            launch();
            log.info("redis-server {} listening on 127.0.0.1:{}", binary, port);
        }

        private void launch() {
            long jvmPid = ProcessHandle.current().pid();
            try {
                dataDir = Files.createTempDirectory("carecircle-redis-");
            } catch (IOException e) {
                throw new IllegalStateException("no temporary directory for Redis", e);
            }
            // as production runs it: every write in the append-only file, fsync'd once a second
            String serverCommand = String.join(" ", List.of(binary.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--dir", dataDir.toString(), "--save", "''", "--appendonly", "yes",
                    "--appendfsync", "everysec", "--protected-mode", "no", "--loglevel", "warning"));
            String watchdog = serverCommand + " & server=$!; "
                    + "trap 'kill $server 2>/dev/null; exit 0' TERM INT; "
                    + "while kill -0 " + jvmPid + " 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done; "
                    + "kill $server 2>/dev/null";
            try {
                List<String> command = findOnPath("setsid").isPresent()
                        ? List.of("setsid", "sh", "-c", watchdog) : List.of("sh", "-c", watchdog);
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + binary, e);
            }
            awaitReady();
        }

        @Override
        boolean canRestartEmpty() {
            return true;
        }

        /** Kills the server (no save) and starts a new, empty one on the same port: Redis lost with its disk. */
        @Override
        void restartEmpty() {
            close();
            launch();
            log.info("redis-server restarted empty on 127.0.0.1:{}", port);
        }

        @Override
        String host() {
            return "127.0.0.1";
        }

        @Override
        int port() {
            return port;
        }

        @Override
        public void close() {
            try {
                command("SHUTDOWN NOSAVE");
            } catch (IllegalStateException alreadyGone) {
                // the connection drops as the server exits
            }
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log.warn("could not remove Redis data directory {}", dataDir, e);
            }
        }
    }

    private static final class EmbeddedRedis extends RedisServer {
        private final int port = freePort();
        private final redis.embedded.RedisServer server;

        EmbeddedRedis() {
            try {
                server = redis.embedded.RedisServer.newRedisServer()
                        .port(port)
                        .setting("bind 127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                server.start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start embedded Redis", e);
            }
            awaitReady();
        }

        @Override
        String host() {
            return "127.0.0.1";
        }

        @Override
        int port() {
            return port;
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (IOException e) {
                log.warn("embedded Redis did not stop cleanly", e);
            }
        }
    }
}
