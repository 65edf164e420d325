package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.carecircle.deployment.StrictManifests.Manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** deploy/kubernetes read once: every manifest (strictly), the secret template, and look-ups across them. */
final class KubernetesDeployment {
    static final String SECRET_TEMPLATE = "secret.example.yaml";

    private static KubernetesDeployment instance;

    final List<Manifest> manifests;
    final List<Manifest> applied;
    final List<Secret> secretTemplates;

    private KubernetesDeployment() {
        manifests = StrictManifests.readAll(Repository.KUBERNETES);
        applied = manifests.stream().filter(m -> !m.file().getFileName().toString().equals(SECRET_TEMPLATE)).toList();
        secretTemplates = manifests.stream()
                .filter(m -> m.file().getFileName().toString().equals(SECRET_TEMPLATE))
                .map(m -> (Secret) m.resource())
                .toList();
    }

    static synchronized KubernetesDeployment get() {
        if (instance == null) {
            instance = new KubernetesDeployment();
        }
        return instance;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return applied.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    Optional<Secret> secretTemplate(String name) {
        return secretTemplates.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
    }

    /** Keys of a secret template: {@code stringData} and {@code data}. */
    static List<String> keys(Secret secret) {
        Map<String, String> all = new LinkedHashMap<>();
        if (secret.getStringData() != null) {
            all.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            all.putAll(secret.getData());
        }
        return List.copyOf(all.keySet());
    }

    /** Where an environment variable of a container comes from. */
    enum Origin { LITERAL, FIELD, CONFIG_MAP, SECRET }

    /** One environment variable of a container, envFrom sources expanded. */
    record Env(String name, Origin origin, String value, String source) {
    }

    /**
     * The container's environment as the kubelet would assemble it: envFrom sources first (ConfigMaps from the
     * manifests, Secrets from the template), then env, a later definition replacing an earlier one.
     */
    Map<String, Env> environment(Container container) {
        Map<String, Env> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                ConfigMap map = named(ConfigMap.class, name).orElseThrow(
                        () -> new AssertionError(container.getName() + ": envFrom ConfigMap " + name + " is not in deploy/kubernetes"));
                map.getData().forEach((k, v) -> env.put(prefix + k, new Env(prefix + k, Origin.CONFIG_MAP, v, name)));
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Secret secret = secretTemplate(name).orElseThrow(
                        () -> new AssertionError(container.getName() + ": envFrom Secret " + name + " is not in " + SECRET_TEMPLATE));
                for (String key : keys(secret)) {
                    env.put(prefix + key, new Env(prefix + key, Origin.SECRET, secret.getStringData() == null ? null
                            : secret.getStringData().get(key), name));
                }
            }
        }
        for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), new Env(var.getName(), Origin.LITERAL, var.getValue(), null));
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                env.put(var.getName(), new Env(var.getName(), Origin.SECRET, null, ref.getName() + "/" + ref.getKey()));
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                String value = named(ConfigMap.class, ref.getName()).map(c -> c.getData().get(ref.getKey())).orElse(null);
                env.put(var.getName(), new Env(var.getName(), Origin.CONFIG_MAP, value, ref.getName() + "/" + ref.getKey()));
            } else {
                env.put(var.getName(), new Env(var.getName(), Origin.FIELD, null, null));
            }
        }
        return env;
    }

    /** The only container of a service's Deployment. */
    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + ": expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** A probe's or Service's port, a number or the name of one of the container's ports, as a number. */
    static int resolvePort(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(p -> p.getContainerPort())
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }
}
