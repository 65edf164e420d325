package org.carecircle.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose.yaml agrees with the code as the Kubernetes manifests must: images, ports, readiness checks,
 * environment names; and every variable it takes from deploy/.env is in deploy/.env.example.
 */
class ComposeFileTest {
    /** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}; $$ is a literal $. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Set<String> COMPOSE_SERVICE_KEYS = Set.of("image", "restart", "depends_on", "environment",
            "ports", "volumes", "healthcheck", "command", "stop_grace_period", "<<");

    private static ConfigurationCatalogue catalogue;
    private static Map<String, Object> compose;
    private static Map<String, String> dotEnv;

    @BeforeAll
    static void read() {
        catalogue = ConfigurationCatalogue.load(Arrays.stream(CareCircleService.values())
                .flatMap(s -> s.modules().stream()).distinct().toList());
        // SnakeYAML resolves the anchors and merge keys (<<) as docker compose does
        compose = StrictManifests.yaml().load(Repository.read(Repository.DEPLOY.resolve("compose.yaml")));
        dotEnv = dotEnvExample();
    }

    @Test
    void kafkaAndRedisAreTheProjectsImagesWithHealthChecks() {
        Map<String, Object> kafka = service("kafka");
        Map<String, Object> redis = service("redis");
        assertThat(kafka.get("image")).isEqualTo("carecircle/kafka:4.2.1");
        assertThat(redis.get("image")).isEqualTo("carecircle/redis:7");
        assertThat(kafka).containsKey("healthcheck");
        assertThat(redis).containsKey("healthcheck");
        Map<String, String> kafkaEnv = environment(kafka);
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://kafka:9092");
    }

    @ParameterizedTest
    @EnumSource(CareCircleService.class)
    void imagePortAndReadinessCheckAreTheServicesOwn(CareCircleService service) {
        Map<String, Object> definition = service(service.serviceName());
        int port = service.port();
        assertThat(COMPOSE_SERVICE_KEYS).as("keys of " + service.serviceName()).containsAll(definition.keySet());
        assertThat(definition.get("image")).isEqualTo("carecircle/" + service.serviceName() + ":0.1.0");

        @SuppressWarnings("unchecked")
        List<String> ports = (List<String>) definition.get("ports");
        assertThat(ports).hasSize(1);
        String[] parts = interpolate(ports.get(0)).split(":");
        assertThat(parts[parts.length - 1]).as("container port of " + ports.get(0)).isEqualTo(String.valueOf(port));
        assertThat(environment(definition).get("SERVER_PORT")).isEqualTo(String.valueOf(port));

        @SuppressWarnings("unchecked")
        Map<String, Object> healthcheck = (Map<String, Object>) definition.get("healthcheck");
        String test = String.join(" ", ((List<?>) healthcheck.get("test")).stream().map(String::valueOf).toList());
        assertThat(test).contains("/dev/tcp/127.0.0.1/" + port + " ").contains("GET " + ServiceDeploymentsTest.READINESS + " ");

        @SuppressWarnings("unchecked")
        Map<String, Object> dependsOn = (Map<String, Object>) definition.get("depends_on");
        assertThat(dependsOn).containsOnlyKeys("kafka", "redis");
    }

    @ParameterizedTest
    @EnumSource(CareCircleService.class)
    void everyEnvironmentNameBindsAndNothingRequiredIsMissing(CareCircleService service) {
        Map<String, String> env = environment(service(service.serviceName()));
        List<String> problems = new ArrayList<>(EnvironmentRules.problems("deploy/compose.yaml " + service.serviceName(),
                service, env, catalogue));
        assertThat(problems).as("environment of %s (with deploy/.env.example's values): %s", service.serviceName(),
                EnvironmentRules.describe(env)).isEmpty();
        assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(env.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
        assertThat(env.get("CARECIRCLE_KAFKA_REPLICATION_FACTOR")).as("one broker").isEqualTo("1");
    }

    @Test
    void everyVariableWithoutDefaultIsInDotEnvExampleAndSecretsArePlaceholders() {
        Matcher matcher = VARIABLE.matcher(Repository.read(Repository.DEPLOY.resolve("compose.yaml")));
        List<String> undefined = new ArrayList<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            String operator = matcher.group(2);
            boolean hasDefault = operator != null && operator.endsWith("-");
            if (name != null && !hasDefault && !dotEnv.containsKey(name)) {
                undefined.add(name);
            }
        }
        assertThat(undefined).as("variables of compose.yaml that deploy/.env.example does not set").isEmpty();
        assertThat(dotEnv.get("CARECIRCLE_CRYPTO_KEYS_K1")).isEqualTo("REPLACE_ME");
        assertThat(dotEnv.get("REDIS_PASSWORD")).isEqualTo("REPLACE_ME");
    }

    // ---

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    /** A service's environment after compose's interpolation with deploy/.env.example's values. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.get("environment");
        assertThat(environment).as("environment as a mapping").isInstanceOf(Map.class);
        ((Map<String, Object>) environment).forEach((k, v) -> env.put(k, interpolate(v == null ? "" : String.valueOf(v))));
        return env;
    }

    static String interpolate(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(0).equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2);
                String argument = matcher.group(3);
                String set = dotEnv.get(name);
                boolean unset = set == null;
                boolean empty = unset || set.isEmpty();
                if (operator == null) {
                    replacement = unset ? "" : set;
                } else if (operator.equals(":-")) {
                    replacement = empty ? argument : set;
                } else if (operator.equals("-")) {
                    replacement = unset ? argument : set;
                } else if (operator.equals(":?") && empty || operator.equals("?") && unset) {
                    throw new AssertionError("compose would refuse to start: " + argument);
                } else {
                    replacement = set;
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** KEY=VALUE lines of deploy/.env.example that are not commented out. */
    private static Map<String, String> dotEnvExample() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Repository.read(Repository.DEPLOY.resolve(".env.example")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertThat(equals).as(".env.example line: " + line).isPositive();
            values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return values;
    }
}
