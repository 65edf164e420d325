package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.carecircle.deployment.StrictManifests.Manifest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/kubernetes as a whole: typed, complete, consistent references, no secret values. */
class KubernetesManifestsTest {
    private final KubernetesDeployment k8s = KubernetesDeployment.get();

    @Test
    void everyManifestBindsToItsTypedModelWithoutUnknownFields() {
        // reading them is the check (StrictManifests); here: it read what a CareCircle deployment consists of
        assertThat(k8s.manifests).extracting(Manifest::kind).contains("Namespace", "ConfigMap", "Secret", "Service",
                "Deployment", "StatefulSet", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Kafka",
                "KafkaNodePool", "KafkaTopic");
        assertThat(k8s.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("intake-service", "provider-service", "dispatch-service");
        assertThat(k8s.all(StatefulSet.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("redis", "redis-sentinel");
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretTemplate() {
        Map<String, Object> kustomization = StrictManifests.yaml().load(
                Repository.read(Repository.KUBERNETES.resolve("kustomization.yaml")));
        assertThat(kustomization).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
                .containsEntry("kind", "Kustomization")
                .containsEntry("namespace", "carecircle");
        assertThat(kustomization.keySet()).allMatch(Set.of("apiVersion", "kind", "namespace", "resources",
                "configMapGenerator", "images")::contains);
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        List<String> files = StrictManifests.yamlFiles(Repository.KUBERNETES).stream()
                .map(f -> Repository.KUBERNETES.relativize(f).toString())
                .filter(f -> !f.equals(KubernetesDeployment.SECRET_TEMPLATE))
                .toList();
        assertThat(resources).as("kustomization.yaml resources vs the manifests in deploy/kubernetes")
                .containsExactlyInAnyOrderElementsOf(files);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> generators = (List<Map<String, Object>>) kustomization.get("configMapGenerator");
        for (Map<String, Object> generator : generators) {
            @SuppressWarnings("unchecked")
            List<String> sources = (List<String>) generator.get("files");
            for (String source : sources) {
                Path file = Repository.KUBERNETES.resolve(source.contains("=") ? source.substring(source.indexOf('=') + 1) : source);
                assertThat(file).as("file of configMapGenerator " + generator.get("name")).isRegularFile();
            }
        }
    }

    @Test
    void everyResourceLivesInTheNamespace() {
        for (Manifest manifest : k8s.manifests) {
            if (manifest.resource() instanceof Namespace) {
                assertThat(manifest.name()).isEqualTo("carecircle");
            } else {
                assertThat(manifest.resource().getMetadata().getNamespace()).as(manifest.toString()).isEqualTo("carecircle");
            }
            assertThat(manifest.resource().getMetadata().getLabels()).as(manifest + " labels")
                    .containsEntry("app.kubernetes.io/part-of", "carecircle");
        }
    }

    @Test
    void secretsAreOnlyATemplateWithPlaceholdersAndEveryReferenceNamesOneOfItsKeys() {
        assertThat(k8s.all(Secret.class)).as("Secrets applied by kustomization.yaml (they belong in %s)",
                KubernetesDeployment.SECRET_TEMPLATE).isEmpty();
        assertThat(k8s.secretTemplates).isNotEmpty();
        for (Secret secret : k8s.secretTemplates) {
            assertThat(secret.getData()).as("binary data in the template").isNullOrEmpty();
            secret.getStringData().forEach((key, value) -> {
                if (key.equals("CARECIRCLE_CRYPTO_ACTIVE_KEY")) {
                    assertThat(value).as("the id of the active key, not a secret").matches("[a-z0-9]+");
                } else {
                    assertThat(value).as(secret.getMetadata().getName() + "/" + key).isEqualTo("REPLACE_ME");
                }
            });
        }
        List<String> references = new ArrayList<>();
        for (PodTemplateSpec pod : podTemplates()) {
            for (Container container : containers(pod)) {
                Optional.ofNullable(container.getEnv()).orElse(List.of()).forEach(env -> {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        references.add(ref.getName() + "/" + ref.getKey());
                        Secret secret = k8s.secretTemplate(ref.getName()).orElseThrow(() -> new AssertionError(
                                container.getName() + ": Secret " + ref.getName() + " is not in secret.example.yaml"));
                        assertThat(KubernetesDeployment.keys(secret)).as(container.getName() + " " + env.getName())
                                .contains(ref.getKey());
                    } else if (env.getValueFrom() == null) {
                        assertThat(env.getName()).as(container.getName() + ": a literal value for a secret")
                                .doesNotContainIgnoringCase("PASSWORD").doesNotContain("CRYPTO_KEYS");
                    }
                });
                // an envFrom Secret must be in the template too (environment() fails otherwise)
                k8s.environment(container);
            }
        }
        assertThat(references).isNotEmpty();
    }

    @Test
    void everyConfigMapThatPodsUseExists() {
        Set<String> configMaps = new HashSet<>();
        k8s.all(ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));
        configMaps.addAll(generatedConfigMaps());
        for (PodTemplateSpec pod : podTemplates()) {
            for (Volume volume : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
                if (volume.getConfigMap() != null) {
                    assertThat(configMaps).as("volume " + volume.getName()).contains(volume.getConfigMap().getName());
                }
            }
            for (Container container : containers(pod)) {
                Optional.ofNullable(container.getEnvFrom()).orElse(List.of()).stream()
                        .filter(e -> e.getConfigMapRef() != null)
                        .forEach(e -> assertThat(configMaps).contains(e.getConfigMapRef().getName()));
                Set<String> mounted = new HashSet<>();
                Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).forEach(m -> mounted.add(m.getName()));
                Set<String> declared = new HashSet<>();
                Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).forEach(v -> declared.add(v.getName()));
                if (pod.getMetadata().getLabels().get("app.kubernetes.io/name").startsWith("redis")) {
                    k8s.all(StatefulSet.class).forEach(s -> Optional.ofNullable(s.getSpec().getVolumeClaimTemplates())
                            .orElse(List.of()).forEach(t -> declared.add(t.getMetadata().getName())));
                }
                assertThat(declared).as(container.getName() + " mounts").containsAll(mounted);
            }
        }
    }

    @Test
    void servicesSelectPodsAndTheirNamedPorts() {
        for (Service service : k8s.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> pods = podTemplates().stream()
                    .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(pods).as("pods selected by Service " + service.getMetadata().getName()).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                for (PodTemplateSpec pod : pods) {
                    int target = KubernetesDeployment.resolvePort(port.getTargetPort(), containers(pod).get(0));
                    assertThat(containers(pod).get(0).getPorts()).extracting(p -> p.getContainerPort()).contains(target);
                }
            }
        }
    }

    @Test
    void disruptionBudgetsAndAutoscalersTargetWhatExists() {
        assertThat(k8s.all(PodDisruptionBudget.class)).isNotEmpty();
        for (PodDisruptionBudget budget : k8s.all(PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertThat(podTemplates()).as("pods of PodDisruptionBudget " + budget.getMetadata().getName())
                    .anyMatch(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
        }
        for (Deployment deployment : k8s.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodDisruptionBudget budget = k8s.named(PodDisruptionBudget.class, name)
                    .orElseThrow(() -> new AssertionError("no PodDisruptionBudget for " + name));
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).as(name + " minAvailable").isEqualTo(1);
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

            HorizontalPodAutoscaler autoscaler = k8s.named(HorizontalPodAutoscaler.class, name)
                    .orElseThrow(() -> new AssertionError("no HorizontalPodAutoscaler for " + name));
            assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(autoscaler.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
            assertThat(autoscaler.getSpec().getMinReplicas()).as(name + " minReplicas").isGreaterThanOrEqualTo(2);
            assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(autoscaler.getSpec().getMinReplicas());
            assertThat(autoscaler.getSpec().getMetrics()).as(name + " scales on CPU").anyMatch(m ->
                    m.getResource() != null && m.getResource().getName().equals("cpu"));
            assertThat(container(deployment).getResources().getRequests()).as(name + ": the HPA's CPU share needs a request")
                    .containsKey("cpu");
        }
        for (HorizontalPodAutoscaler autoscaler : k8s.all(HorizontalPodAutoscaler.class)) {
            assertThat(k8s.named(Deployment.class, autoscaler.getSpec().getScaleTargetRef().getName()))
                    .as("target of HPA " + autoscaler.getMetadata().getName()).isPresent();
        }
    }

    @Test
    void redisSentinelNamesAgreeWithTheServicesConfiguration() {
        ConfigMap config = k8s.named(ConfigMap.class, "carecircle-config").orElseThrow();
        String master = config.getData().get("SPRING_DATA_REDIS_SENTINEL_MASTER");
        String scripts = String.join("\n", k8s.named(ConfigMap.class, "redis-scripts").orElseThrow().getData().values());
        assertThat(scripts).contains("sentinel monitor " + master + " ").contains("get-master-addr-by-name " + master);
        StatefulSet sentinels = k8s.named(StatefulSet.class, "redis-sentinel").orElseThrow();
        int sentinelPort = sentinels.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sentinels.getSpec().getReplicas(); i++) {
            expected.add("redis-sentinel-" + i + "." + sentinels.getSpec().getServiceName() + ":" + sentinelPort);
        }
        assertThat(Stream.of(config.getData().get("SPRING_DATA_REDIS_SENTINEL_NODES").split(",")).map(String::trim))
                .containsExactlyElementsOf(expected);
        assertThat(sentinels.getSpec().getReplicas()).as("a quorum of two needs three Sentinels").isGreaterThanOrEqualTo(3);
        StatefulSet redis = k8s.named(StatefulSet.class, "redis").orElseThrow();
        assertThat(redis.getSpec().getReplicas()).as("a primary and a replica").isGreaterThanOrEqualTo(2);
        assertThat(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("REDIS_NODES") && e.getValue().equals(String.valueOf(redis.getSpec().getReplicas())));
    }

    private List<PodTemplateSpec> podTemplates() {
        List<PodTemplateSpec> pods = new ArrayList<>();
        k8s.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
        k8s.all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate()));
        return pods;
    }

    private static List<Container> containers(PodTemplateSpec pod) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        Optional.ofNullable(pod.getSpec().getInitContainers()).ifPresent(all::addAll);
        return all;
    }

    private static Container container(Deployment deployment) {
        return KubernetesDeployment.container(deployment);
    }

    @SuppressWarnings("unchecked")
    private static List<String> generatedConfigMaps() {
        Map<String, Object> kustomization = StrictManifests.yaml().load(
                Repository.read(Repository.KUBERNETES.resolve("kustomization.yaml")));
        return ((List<Map<String, Object>>) kustomization.get("configMapGenerator")).stream()
                .map(g -> (String) g.get("name")).toList();
    }
}
