package org.carecircle.simulator;

import org.carecircle.infra.DevSecurity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The three services as separate JVMs started from their executable jars ({@code <service>/target/<service>-<version>-exec.jar}),
 * each configured only through its environment, exactly as a deployment configures them: Kafka's bootstrap servers,
 * Redis (host and port, or sentinels), the token issuer and its public key, the key that seals visit details, the
 * port. Each instance logs to {@code <dir>/<name>.log}.
 */
public final class ServiceProcesses implements AutoCloseable {
    public enum Service {
        INTAKE("intake-service"), PROVIDER("provider-service"), DISPATCH("dispatch-service");

        private final String artifact;

        Service(String artifact) {
            this.artifact = artifact;
        }

        public String artifact() {
            return artifact;
        }
    }

    /** One running instance: which service, its name (also its Kafka client id), port and process. */
    public static final class Instance {
        private final Service service;
        private final String name;
        private final int port;
        private final Process process;
        /** Stopped or killed on purpose: not waited for any more. */
        private volatile boolean retired;

        private Instance(Service service, String name, int port, Process process) {
            this.service = service;
            this.name = name;
            this.port = port;
            this.process = process;
        }

        public Service service() {
            return service;
        }

        public String name() {
            return name;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public boolean running() {
            return process.isAlive();
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private final Path jars;
    private final Path dir;
    private final Map<String, String> environment;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, Own> own = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param projectRoot the checkout, where each service's {@code target/} holds its executable jar
     * @param environment what every instance gets (Kafka, Redis, topic layout); security is added here from the
     *                    development issuer and a fresh details key
     */
    public ServiceProcesses(Path projectRoot, Map<String, String> environment) {
        this.jars = projectRoot;
        try {
            this.dir = Files.createTempDirectory("carecircle-services-");
            Path publicKey = dir.resolve("issuer-public.pem");
            try (InputStream pem = ServiceProcesses.class.getResourceAsStream("/carecircle/dev-issuer/public.pem")) {
                Files.copy(pem, publicKey);
            }
            Map<String, String> env = new LinkedHashMap<>(environment);
            Map<String, Object> dev = DevSecurity.springProperties();
            env.put("CARECIRCLE_SECURITY_ISSUER", (String) dev.get("carecircle.security.issuer"));
            env.put("CARECIRCLE_SECURITY_AUDIENCE", (String) dev.get("carecircle.security.audience"));
            env.put("CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION", "file:" + publicKey);
            env.put("CARECIRCLE_CRYPTO_ACTIVE_KEY", (String) dev.get("carecircle.crypto.active-key"));
            env.put("CARECIRCLE_CRYPTO_KEYS_DEV", (String) dev.get("carecircle.crypto.keys.dev"));
            this.environment = env;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare the services' directory", e);
        }
    }

    /** The executable jar of {@code service}; fails with what to run when it has not been built. */
    public Path jar(Service service) {
        Path target = jars.resolve(service.artifact()).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith(service.artifact() + "-")
                            && f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in " + target
                            + ": run ./mvnw -DskipTests package first"));
        } catch (IOException e) {
            throw new IllegalStateException("no executable jar in " + target + ": run ./mvnw -DskipTests package first", e);
        }
    }

    /**
     * What the instance named {@code name} gets each time it starts, beyond every instance's environment: its own
     * settings, and a directory whose files come before the jar's own (a test build: e.g. one script replaced), or
     * {@code null}.
     */
    public void configure(String name, Map<String, String> ownEnvironment, Path overlay) {
        own.put(name, new Own(Map.copyOf(ownEnvironment), java.util.Optional.ofNullable(overlay)));
    }

    private record Own(Map<String, String> environment, java.util.Optional<Path> overlay) {
    }

    /**
     * Starts an instance named {@code name} (e.g. {@code dispatch-2}) on a free port, or on its port of before when
     * it ran already; returns without waiting.
     */
    public Instance start(Service service, String name) {
        // an instance started again keeps its port, as a restarted pod keeps its address behind its service
        int port = ports.computeIfAbsent(name, n -> freePort());
        Own mine = own.getOrDefault(name, new Own(Map.of(), java.util.Optional.empty()));
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (mine.overlay().isPresent()) {
            // Spring Boot's launcher loads parent-first: the overlay's files win over the same paths in the jar
            command.addAll(List.of("-cp", mine.overlay().get() + java.io.File.pathSeparator + jar(service),
                    "org.springframework.boot.loader.launch.JarLauncher"));
        } else {
            command.addAll(List.of("-jar", jar(service).toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(mine.environment());
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("SPRING_KAFKA_CLIENT_ID", name);
        builder.environment().put("SPRING_MAIN_BANNER_MODE", "off");
        try {
            Instance instance = new Instance(service, name, port, builder.start());
            instances.add(instance);
            return instance;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    /** Waits until every instance's readiness probe answers UP (Kafka and Redis reachable). */
    public void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (Instance instance : instances) {
            while (!instance.retired && !ready(instance)) {
                if (!instance.running()) {
                    throw new IllegalStateException(instance.name + " exited; see " + dir.resolve(instance.name + ".log"));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(instance.name + " not ready within " + READY_TIMEOUT + "; see "
                            + dir.resolve(instance.name + ".log"));
                }
                pause();
            }
        }
    }

    public boolean ready(Instance instance) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(instance.url()
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops an instance as an orchestrator does (SIGTERM: graceful shutdown) and waits for it to exit. */
    public void stop(Instance instance) {
        instance.retired = true;
        instance.process.destroy();
        try {
            if (!instance.process.waitFor(60, TimeUnit.SECONDS)) {
                instance.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills an instance without warning (SIGKILL: no shutdown hook, no offsets committed, nothing released). */
    public void kill(Instance instance) {
        instance.retired = true;
        instance.process.destroyForcibly();
        try {
            instance.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        instances.stream().filter(Instance::running).forEach(i -> i.process.destroy());
        instances.forEach(this::stop);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void pause() {
        try {
            // polling processes just started; Awaitility is a test library and this is main code
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
