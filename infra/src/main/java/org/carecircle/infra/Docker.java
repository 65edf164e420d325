package org.carecircle.infra;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a Docker engine answers (the client alone is not enough), and which images the {@code testcontainers}
 * mode runs.
 *
 * <p>Images: {@code -Dcarecircle.kafka.image} / {@code CARECIRCLE_KAFKA_IMAGE} and {@code -Dcarecircle.redis.image}
 * / {@code CARECIRCLE_REDIS_IMAGE} when set; otherwise the images {@code deploy/images/build infra} builds from
 * Kafka's jars on Maven Central and Debian's redis-server ({@code carecircle/kafka:4.2.1}, {@code carecircle/redis:7})
 * when the engine has them, else the upstream {@code apache/kafka:4.2.1} and {@code redis:7.2-alpine} (pulled).
 */
public final class Docker {
    static final String LOCAL_KAFKA_IMAGE = "carecircle/kafka:4.2.1";
    static final String UPSTREAM_KAFKA_IMAGE = "apache/kafka:4.2.1";
    static final String LOCAL_REDIS_IMAGE = "carecircle/redis:7";
    static final String UPSTREAM_REDIS_IMAGE = "redis:7.2-alpine";

    private Docker() {
    }

    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /**
     * Why no Docker engine can be used here, or empty when one answers. Only finds and pings the engine:
     * Testcontainers' start-up checks (which run {@code alpine:3.17}) are left to the first container.
     */
    public static Optional<String> unavailableReason() {
        try {
            DockerClientFactory.instance().getTransportConfig();
            return Optional.empty();
        } catch (IllegalStateException noEngine) {
            // Testcontainers tried every way to reach an engine; say which one was expected
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("the Docker client failed: " + e);
        }
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return Optional.of("no Docker engine answers at DOCKER_HOST=" + host);
        }
        Path socket = Path.of("/var/run/docker.sock");
        return Optional.of(Files.exists(socket)
                ? "no Docker engine answers at " + socket + " (is dockerd running, and may this user use it?)"
                : "no Docker engine: no " + socket + " and no DOCKER_HOST (start dockerd, e.g. as .ci/run does)");
    }

    /** Kafka image of the testcontainers mode (configured, else built here, else apache/kafka). */
    static DockerImageName kafkaImage() {
        return DockerImageName.parse(image("carecircle.kafka.image", "CARECIRCLE_KAFKA_IMAGE",
                LOCAL_KAFKA_IMAGE, UPSTREAM_KAFKA_IMAGE)).asCompatibleSubstituteFor("apache/kafka");
    }

    /** Redis image of the testcontainers mode (configured, else built here, else redis). */
    static DockerImageName redisImage() {
        return DockerImageName.parse(image("carecircle.redis.image", "CARECIRCLE_REDIS_IMAGE",
                LOCAL_REDIS_IMAGE, UPSTREAM_REDIS_IMAGE));
    }

    private static String image(String property, String variable, String local, String upstream) {
        String configured = System.getProperty(property, System.getenv(variable));
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hasImage(local) ? local : upstream;
    }

    /**
     * Labels the container with {@code org.carecircle.run=$CARECIRCLE_RUN_ID} when that is set, so that a script
     * (.ci/run) can remove what a killed test JVM left behind without touching anyone else's containers.
     */
    static <T extends GenericContainer<?>> T labelled(T container) {
        String run = System.getenv("CARECIRCLE_RUN_ID");
        if (run != null && !run.isBlank()) {
            container.withLabel("org.carecircle.run", run);
        }
        return container;
    }

    /**
     * Testcontainers pulls {@code testcontainers/ryuk} and {@code alpine:3.17} unless told not to; where no registry
     * answers (as on the CI machines) set {@code TESTCONTAINERS_RYUK_DISABLED=true} and
     * {@code TESTCONTAINERS_CHECKS_DISABLE=true}, as the testcontainers failsafe executions do.
     */
    static Optional<String> registryFreeAdvice() {
        boolean ryukOff = Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        boolean checksOff = Boolean.parseBoolean(System.getenv("TESTCONTAINERS_CHECKS_DISABLE"));
        if ((ryukOff || hasImage("testcontainers/ryuk:0.14.0")) && (checksOff || hasImage("alpine:3.17"))) {
            return Optional.empty();
        }
        return Optional.of("Testcontainers will pull " + (ryukOff ? "" : "testcontainers/ryuk ")
                + (checksOff ? "" : "alpine:3.17 ") + "from a registry; where none answers, set "
                + "TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_CHECKS_DISABLE=true");
    }

    /** Whether the engine holds this image already (nothing is pulled). */
    static boolean hasImage(String name) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(name).exec();
            return true;
        } catch (RuntimeException notThere) {
            return false;
        }
    }
}
