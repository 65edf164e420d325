package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests into their typed models — fabric8's Kubernetes model, Strimzi's API classes — and
 * refuses anything the model does not know.
 * <p>
 * Both models keep an unknown field rather than fail on it: every class has a {@code @JsonAnySetter} map of
 * "additional properties" (and fabric8 puts a value of the wrong type there too), so Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES never fires. After binding, this walks the whole object tree and fails on any
 * non-empty additional-properties map, naming the path: {@code spec.template.spec.containers[0].readinesProbe}.
 * A kind without a typed model here fails as well, as does an {@code apiVersion} other than the one modelled.
 */
final class StrictManifests {

    /** apiVersion/kind -> the model class; nothing else may appear in deploy/kubernetes. */
    static final Map<String, Class<? extends HasMetadata>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** One document of a manifest file, bound to its model. */
    record Manifest(Path file, int document, HasMetadata resource) {
        String kind() {
            return resource.getKind();
        }

        String name() {
            return resource.getMetadata().getName();
        }

        @Override
        public String toString() {
            return Repository.relative(file) + "#" + document + " " + kind() + "/" + name();
        }
    }

    private StrictManifests() {
    }

    /** Every YAML file below {@code dir} except kustomization.yaml, each document bound strictly. */
    static List<Manifest> readAll(Path dir) {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            all.addAll(read(file));
        }
        return all;
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Manifest> read(Path file) {
        List<Manifest> manifests = new ArrayList<>();
        int index = 0;
        for (Object document : yaml().loadAll(Repository.read(file))) {
            index++;
            if (document == null) {
                continue;
            }
            String where = Repository.relative(file) + " document " + index;
            manifests.add(new Manifest(file, index, bind(document, where)));
        }
        return manifests;
    }

    /** Binds one parsed YAML document (a map) to its model, failing on anything the model does not know. */
    static HasMetadata bind(Object document, String where) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new ManifestException(where + ": not a mapping");
        }
        String key = map.get("apiVersion") + "/" + map.get("kind");
        Class<? extends HasMetadata> model = MODELS.get(key);
        if (model == null) {
            throw new ManifestException(where + ": no typed model for apiVersion/kind " + key + " (known: "
                    + MODELS.keySet().stream().sorted().toList() + ")");
        }
        HasMetadata resource;
        try {
            resource = SERIALIZATION.convertValue(map, model);
        } catch (RuntimeException e) {
            throw new ManifestException(where + " (" + key + "): does not bind to " + model.getName() + ": "
                    + e.getMessage(), e);
        }
        List<String> unknown = unknownFields(resource);
        if (!unknown.isEmpty()) {
            throw new ManifestException(where + " (" + key + " " + resource.getMetadata().getName()
                    + "): unknown field(s) for " + model.getSimpleName() + ": " + String.join(", ", unknown));
        }
        return resource;
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** Paths of every field the model kept as an "additional property", i.e. did not know. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object node, String path, List<String> found, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        Class<?> type = node.getClass();
        if (!isModel(type) || type.isEnum()) {
            return;
        }
        for (Method getter : type.getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String property = property(getter.getName());
            if (property == null) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue; // a computed getter that does not apply to this value
            }
            if (property.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> found.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
                continue;
            }
            if (value instanceof Collection<?> || value instanceof Map<?, ?> || (value != null && isModel(value.getClass()))) {
                walk(value, path + "." + property, found, seen);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.strimzi.api.");
    }

    private static String property(String method) {
        String rest;
        if (method.startsWith("get") && method.length() > 3) {
            rest = method.substring(3);
        } else if (method.startsWith("is") && method.length() > 2) {
            rest = method.substring(2);
        } else {
            return null;
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    static final class ManifestException extends RuntimeException {
        ManifestException(String message) {
            super(message);
        }

        ManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
