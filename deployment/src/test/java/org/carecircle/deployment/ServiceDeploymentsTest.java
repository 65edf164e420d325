package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.carecircle.deployment.KubernetesDeployment.Env;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's Deployment agrees with the service's code: port, probes, environment names, what it needs. */
class ServiceDeploymentsTest {
    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    static final String METRICS = "/actuator/prometheus";

    private static ConfigurationCatalogue catalogue;
    private final KubernetesDeployment k8s = KubernetesDeployment.get();

    @BeforeAll
    static void catalogue() {
        catalogue = ConfigurationCatalogue.load(Arrays.stream(CareCircleService.values())
                .flatMap(s -> s.modules().stream()).distinct().toList());
    }

    @Test
    void theCatalogueKnowsSpringBootsAndTheProjectsProperties() {
        assertThat(catalogue.springPropertyCount()).as("Spring Boot metadata found on the classpath").isGreaterThan(500);
        assertThat(catalogue.carecircleByModule()).containsKeys("event-contracts", "http-edge", "intake-service",
                "provider-service", "dispatch-service");
    }

    @ParameterizedTest
    @EnumSource(CareCircleService.class)
    void portAndProbesAreTheServicesOwn(CareCircleService service) {
        Deployment deployment = deployment(service);
        Container container = KubernetesDeployment.container(deployment);
        int port = service.port();

        assertThat(container.getImage()).isEqualTo("carecircle/" + service.serviceName() + ":0.1.0");
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).as("container ports").containsExactly(port);
        Env serverPort = k8s.environment(container).get("SERVER_PORT");
        if (serverPort != null) {
            assertThat(serverPort.value()).as("SERVER_PORT").isEqualTo(String.valueOf(port));
        }
        assertHttpProbe(container.getStartupProbe(), "startupProbe", LIVENESS, port, container);
        assertHttpProbe(container.getLivenessProbe(), "livenessProbe", LIVENESS, port, container);
        assertHttpProbe(container.getReadinessProbe(), "readinessProbe", READINESS, port, container);

        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", METRICS)
                .containsEntry("prometheus.io/port", String.valueOf(port));

        Service svc = k8s.named(Service.class, service.serviceName()).orElseThrow();
        assertThat(svc.getSpec().getPorts()).hasSize(1);
        assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(port);
        assertThat(KubernetesDeployment.resolvePort(svc.getSpec().getPorts().get(0).getTargetPort(), container)).isEqualTo(port);
    }

    @ParameterizedTest
    @EnumSource(CareCircleService.class)
    void itRunsHighlyAvailableAndStopsGracefully(CareCircleService service) {
        Deployment deployment = deployment(service);
        Container container = KubernetesDeployment.container(deployment);
        assertThat(deployment.getSpec().getReplicas()).as("replicas").isGreaterThanOrEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("terminationGracePeriodSeconds").isGreaterThanOrEqualTo(30L);
        assertThat(container.getLifecycle().getPreStop()).as("preStop pause so that endpoints drain first").isNotNull();
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", service.serviceName());
    }

    @ParameterizedTest
    @EnumSource(CareCircleService.class)
    void everyEnvironmentNameBindsAndNothingRequiredIsMissing(CareCircleService service) {
        Container container = KubernetesDeployment.container(deployment(service));
        Map<String, String> env = new LinkedHashMap<>();
        k8s.environment(container).forEach((name, e) -> env.put(name, e.value() == null && e.origin() != KubernetesDeployment.Origin.LITERAL
                ? null : e.value() == null ? "" : e.value()));
        List<String> problems = EnvironmentRules.problems("deploy/kubernetes/" + service.serviceName() + ".yaml",
                service, env, catalogue);
        assertThat(problems).as("environment of %s: %s", service.serviceName(), EnvironmentRules.describe(env)).isEmpty();
    }

    private Deployment deployment(CareCircleService service) {
        return k8s.named(Deployment.class, service.serviceName())
                .orElseThrow(() -> new AssertionError("no Deployment " + service.serviceName()));
    }

    private static void assertHttpProbe(Probe probe, String what, String path, int port, Container container) {
        assertThat(probe).as(container.getName() + " " + what).isNotNull();
        assertThat(probe.getHttpGet()).as(container.getName() + " " + what + " httpGet").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(container.getName() + " " + what + " path").isEqualTo(path);
        assertThat(KubernetesDeployment.resolvePort(probe.getHttpGet().getPort(), container))
                .as(container.getName() + " " + what + " port").isEqualTo(port);
    }
}
