package org.carecircle.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * A real Kafka broker and a real Redis server for tests and the local platform — never mocks.
 *
 * <p>Where they come from is chosen by {@code -Dcarecircle.infra} (or env {@code CARECIRCLE_INFRA}):
 * <ul>
 *   <li>{@code embedded}: an in-JVM single-node KRaft broker (spring-kafka-test) and a {@code redis-server}
 *       process on a free port (embedded-redis's bundled binary when no {@code redis-server} is installed);</li>
 *   <li>{@code testcontainers}: Kafka and Redis containers (needs a Docker engine; the images are those
 *       {@code deploy/images/build infra} builds from local parts when present, see {@link Docker});</li>
 *   <li>{@code auto}: Testcontainers when a Docker engine answers, embedded otherwise.</li>
 * </ul>
 * Without either setting, {@code embedded}: where a Docker engine answers (as in {@code .ci/run}) only the tests
 * run with {@code -Dcarecircle.infra=testcontainers} (a subset, in their own failsafe execution) use containers,
 * the others keep the faster in-JVM broker. Tests in that mode are skipped, with the reason printed, where no
 * engine answers ({@link ContainerEngineCondition}).
 */
public final class RealInfrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);
    private static RealInfrastructure shared;

    private final KafkaBroker kafka;
    private final RedisServer redis;
    /** With {@code -Dcarecircle.redis=cluster} (env {@code CARECIRCLE_REDIS}): the services use this cluster instead. */
    private final RedisCluster cluster = clusterIfAsked();

    private RealInfrastructure(KafkaBroker kafka, RedisServer redis) {
        this.kafka = kafka;
        this.redis = redis;
    }

    /** One instance per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized RealInfrastructure shared() {
        if (shared == null) {
            shared = start(Mode.fromEnvironment());
            RealInfrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "carecircle-infra-stop"));
        }
        return shared;
    }

    public static RealInfrastructure start(Mode mode) {
        Mode resolved = mode == Mode.AUTO ? (Docker.available() ? Mode.TESTCONTAINERS : Mode.EMBEDDED) : mode;
        log.info("Starting real Kafka and Redis ({})", resolved);
        if (resolved == Mode.TESTCONTAINERS) {
            Docker.unavailableReason().ifPresent(reason -> {
                throw new IllegalStateException("carecircle.infra=testcontainers, but " + reason);
            });
            Docker.registryFreeAdvice().ifPresent(log::warn);
            RedisServer redis = RedisServer.container();
            try {
                return new RealInfrastructure(KafkaBroker.container(), redis);
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
        }
        RedisServer redis = RedisServer.local();
        try {
            return new RealInfrastructure(KafkaBroker.embedded(), redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String redisHost() {
        return redis.host();
    }

    public int redisPort() {
        return redis.port();
    }

    /** Spring Boot properties that point a service at this infrastructure (and the development issuer). */
    public Map<String, Object> springProperties() {
        Map<String, Object> properties = new java.util.HashMap<>(DevSecurity.springProperties());
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        if (cluster != null) {
            properties.put("spring.data.redis.cluster.nodes", cluster.nodes());
        } else {
            properties.put("spring.data.redis.host", redisHost());
            properties.put("spring.data.redis.port", redisPort());
        }
        return Map.copyOf(properties);
    }

    /** Empties Redis (tests isolate Kafka by topic prefix and Redis by flushing between test classes). */
    public void flushRedis() {
        if (cluster != null) {
            cluster.flushAll();
        } else {
            redis.command("FLUSHALL");
        }
    }

    /** The Redis Cluster the services use instead of the single server, when one was asked for. */
    public java.util.Optional<RedisCluster> redisCluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    private static RedisCluster clusterIfAsked() {
        String asked = System.getProperty("carecircle.redis", System.getenv().getOrDefault("CARECIRCLE_REDIS", ""));
        if (!"cluster".equalsIgnoreCase(asked.trim())) {
            return null;
        }
        RedisCluster started = RedisCluster.start().orElseThrow(() -> new IllegalStateException(
                "carecircle.redis=cluster needs redis-server and redis-cli on the PATH"));
        log.info("Redis Cluster of three primaries at {}", started.nodes());
        return started;
    }

    /**
     * Kills the Redis server and starts a new, empty one on the same port (what a crash without persistence, or
     * with its disk lost, does). Only with a redis-server process.
     *
     * @throws UnsupportedOperationException with embedded or container Redis
     */
    public void restartRedisEmpty() {
        redis.restartEmpty();
    }

    /** Whether {@link #restartRedisEmpty} is possible here. */
    public boolean canRestartRedis() {
        return redis.canRestartEmpty();
    }

    @Override
    public synchronized void close() {
        try {
            kafka.close();
        } finally {
            redis.close();
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    public enum Mode {
        EMBEDDED, TESTCONTAINERS, AUTO;

        /** The mode named by {@code -Dcarecircle.infra} or {@code CARECIRCLE_INFRA}, else {@code EMBEDDED}. */
        static Mode fromEnvironment() {
            return fromEnvironmentOr(EMBEDDED);
        }

        /** The mode named by {@code -Dcarecircle.infra} or {@code CARECIRCLE_INFRA}, else {@code fallback}. */
        public static Mode fromEnvironmentOr(Mode fallback) {
            String value = System.getProperty("carecircle.infra", System.getenv().get("CARECIRCLE_INFRA"));
            return value == null || value.isBlank() ? fallback : Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
