package org.carecircle.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a service's environment must satisfy, wherever it is deployed (Kubernetes, compose): every name binds to a
 * property the service has, and the settings it cannot start without are there.
 */
final class EnvironmentRules {
    /** Read by the JVM launcher, not by Spring: the only other names a service container may carry. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    static final String CRYPTO_KEY_PREFIX = "CARECIRCLE_CRYPTO_KEYS_";

    private EnvironmentRules() {
    }

    /**
     * Problems of one service's environment.
     *
     * @param env name -> value; a null value stands for one that comes from a secret (present, not known here)
     */
    static List<String> problems(String where, CareCircleService service, Map<String, String> env,
                                 ConfigurationCatalogue catalogue) {
        List<String> problems = new ArrayList<>();
        List<ConfigurationCatalogue.Property> properties = catalogue.propertiesOf(service);
        for (String name : env.keySet()) {
            if (JVM_VARIABLES.contains(name)) {
                continue;
            }
            if (ConfigurationCatalogue.boundBy(name, properties).isEmpty()) {
                problems.add(where + ": " + name + " binds to no configuration property of " + service.serviceName()
                        + " (neither Spring Boot's metadata nor a @ConfigurationProperties of its modules "
                        + service.modules() + ")");
            }
        }
        require(problems, where, env, "SPRING_KAFKA_BOOTSTRAP_SERVERS");
        boolean standalone = present(env, "SPRING_DATA_REDIS_HOST");
        boolean sentinel = present(env, "SPRING_DATA_REDIS_SENTINEL_MASTER") && present(env, "SPRING_DATA_REDIS_SENTINEL_NODES");
        if (!standalone && !sentinel) {
            problems.add(where + ": no Redis: set SPRING_DATA_REDIS_HOST (and _PORT) or SPRING_DATA_REDIS_SENTINEL_MASTER"
                    + " and SPRING_DATA_REDIS_SENTINEL_NODES");
        }
        require(problems, where, env, "CARECIRCLE_SECURITY_ISSUER");
        if (!present(env, "CARECIRCLE_SECURITY_JWK_SET_URI") && !present(env, "CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION")) {
            problems.add(where + ": no token keys: set CARECIRCLE_SECURITY_JWK_SET_URI or CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION");
        }
        List<String> keyIds = env.keySet().stream()
                .filter(n -> n.startsWith(CRYPTO_KEY_PREFIX) && n.length() > CRYPTO_KEY_PREFIX.length())
                .map(n -> n.substring(CRYPTO_KEY_PREFIX.length()).toLowerCase(Locale.ROOT))
                .toList();
        if (service.sealsDetails()) {
            require(problems, where, env, "CARECIRCLE_CRYPTO_ACTIVE_KEY");
            if (keyIds.isEmpty()) {
                problems.add(where + ": no sealing key: set " + CRYPTO_KEY_PREFIX + "<ID>");
            }
            String active = env.get("CARECIRCLE_CRYPTO_ACTIVE_KEY");
            if (active != null && !active.isBlank() && !keyIds.contains(active.toLowerCase(Locale.ROOT))) {
                problems.add(where + ": CARECIRCLE_CRYPTO_ACTIVE_KEY=" + active + " names none of the keys " + keyIds);
            }
        } else {
            List<String> crypto = env.keySet().stream().filter(n -> n.startsWith("CARECIRCLE_CRYPTO_")).toList();
            if (!crypto.isEmpty()) {
                problems.add(where + ": " + service.serviceName() + " seals no details and must not get the keys " + crypto);
            }
        }
        String replication = env.get("CARECIRCLE_KAFKA_REPLICATION_FACTOR");
        String minInsync = env.get("CARECIRCLE_KAFKA_MIN_INSYNC_REPLICAS");
        if (replication != null && minInsync != null && Integer.parseInt(minInsync) > Integer.parseInt(replication)) {
            problems.add(where + ": CARECIRCLE_KAFKA_MIN_INSYNC_REPLICAS " + minInsync + " > replication factor " + replication);
        }
        return problems;
    }

    static String describe(Map<String, String> env) {
        return env.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static void require(List<String> problems, String where, Map<String, String> env, String name) {
        if (!present(env, name)) {
            problems.add(where + ": " + name + " is missing or empty");
        }
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.containsKey(name) && (env.get(name) == null || !env.get(name).isBlank());
    }
}
