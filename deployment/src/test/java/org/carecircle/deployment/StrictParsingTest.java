package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.carecircle.edge.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks themselves: a misspelt field or environment name is caught, not kept quietly. */
class StrictParsingTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: probe
            spec:
              selector:
                matchLabels: {app: probe}
              template:
                metadata:
                  labels: {app: probe}
                spec:
                  containers:
                    - name: probe
                      image: probe:1
                      ports:
                        - containerPort: 8080
                      readinessProbe:
                        httpGet: {path: /actuator/health/readiness, port: 8080}
            """;

    private static Object yaml(String text) {
        return StrictManifests.yaml().load(text);
    }

    @Test
    void aWellFormedDeploymentBinds() {
        Deployment deployment = (Deployment) StrictManifests.bind(yaml(DEPLOYMENT), "snippet");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({
            "readinessProbe:, readinesProbe:, spec.template.spec.containers[0].readinesProbe",
            "- containerPort: 8080, - containerPortt: 8080, spec.template.spec.containers[0].ports[0].containerPortt",
            "matchLabels: {app: probe}, matchLabel: {app: probe}, spec.selector.matchLabel",
            "path: /actuator, paht: /actuator, spec.template.spec.containers[0].readinessProbe.httpGet.paht"})
    void aMisspeltKubernetesFieldFails(String right, String wrong, String path) {
        assertThat(DEPLOYMENT).contains(right);
        assertThatThrownBy(() -> StrictManifests.bind(yaml(DEPLOYMENT.replace(right, wrong)), "snippet"))
                .isInstanceOf(StrictManifests.ManifestException.class)
                .hasMessageContaining("unknown field(s) for Deployment: " + path);
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> StrictManifests.bind(yaml(DEPLOYMENT.replace("spec:\n  selector:",
                "spec:\n  replicas: [two]\n  selector:")), "snippet"))
                .isInstanceOf(StrictManifests.ManifestException.class)
                .hasMessageContaining("replicas");
    }

    @Test
    void aMisspeltStrimziFieldFails() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: visit-orders
                spec:
                  partitions: 6
                  replicas: 3
                """;
        assertThat(((KafkaTopic) StrictManifests.bind(yaml(topic), "snippet")).getSpec().getPartitions()).isEqualTo(6);
        assertThatThrownBy(() -> StrictManifests.bind(yaml(topic.replace("partitions", "partitons")), "snippet"))
                .hasMessageContaining("unknown field(s) for KafkaTopic: spec.partitons");

        String pool = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: pool
                spec:
                  replicas: 3
                  roles: [broker]
                  storage:
                    type: jbod
                    volumes:
                      - {id: 0, type: persistent-claim, size: 1Gi, deleteClaim: false}
                """;
        StrictManifests.bind(yaml(pool), "snippet");
        assertThatThrownBy(() -> StrictManifests.bind(yaml(pool.replace("deleteClaim", "deleteClaims")), "snippet"))
                .hasMessageContaining("spec.storage.volumes[0].deleteClaims");
    }

    @Test
    void anUnmodelledKindOrVersionFails() {
        assertThatThrownBy(() -> StrictManifests.bind(yaml(DEPLOYMENT.replace("apps/v1", "apps/v1beta2")), "snippet"))
                .hasMessageContaining("no typed model for apiVersion/kind apps/v1beta2/Deployment");
        assertThatThrownBy(() -> StrictManifests.bind(yaml(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet")), "snippet"))
                .hasMessageContaining("no typed model");
    }

    @Test
    void environmentNamesBindOnlyToPropertiesThatExist() {
        ConfigurationCatalogue catalogue = ConfigurationCatalogue.load(Arrays.stream(CareCircleService.values())
                .flatMap(s -> s.modules().stream()).distinct().toList());
        var intake = catalogue.propertiesOf(CareCircleService.INTAKE);
        var dispatch = catalogue.propertiesOf(CareCircleService.DISPATCH);
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_SECURITY_JWK_SET_URI", intake))
                .extracting(p -> p.name().toString()).containsExactly("carecircle.security.jwk-set-uri");
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_CRYPTO_KEYS_K1", intake))
                .extracting(p -> p.name().toString()).containsExactly("carecircle.crypto.keys");
        assertThat(ConfigurationCatalogue.boundBy("SPRING_KAFKA_BOOTSTRAP_SERVERS", intake)).isNotEmpty();
        assertThat(ConfigurationCatalogue.boundBy("SPRING_DATA_REDIS_SENTINEL_NODES", intake)).isNotEmpty();
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_KAFKA_MIN_INSYNC_REPLICAS", intake)).isNotEmpty();
        // misspelt, or a property of another service
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_SECURITY_JWKS_URI", intake)).isEmpty();
        assertThat(ConfigurationCatalogue.boundBy("SPRING_KAFKA_BOOTSTRAP_SERVER", intake)).isEmpty();
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_DISPATCH_CIRCLE_MINUTES", intake)).isEmpty();
        assertThat(ConfigurationCatalogue.boundBy("CARECIRCLE_DISPATCH_CIRCLE_MINUTES", dispatch)).isNotEmpty();
    }

    @Test
    void anEmptyKeyLocationIsNoKeyLocation() {
        // compose passes CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION="" when the JWK set is used: it must bind to null
        SecurityProperties security = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "CARECIRCLE_SECURITY_ISSUER", "https://id.example.org",
                "CARECIRCLE_SECURITY_JWK_SET_URI", "https://id.example.org/certs",
                "CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION", ""))))
                .bindOrCreate("carecircle.security", SecurityProperties.class);
        assertThat(security.publicKeyLocation()).isNull();
        assertThat(security.jwkSetUri()).isEqualTo("https://id.example.org/certs");
    }
}
