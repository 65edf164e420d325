package org.carecircle.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.carecircle.contracts.Topic;
import org.carecircle.contracts.kafka.CareCircleKafkaProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Strimzi's Kafka, node pools and topics agree with Topic.java and with what the services are configured to expect. */
class KafkaTopicsTest {
    private final KubernetesDeployment k8s = KubernetesDeployment.get();

    /** The Kafka layout the services bind from the shared ConfigMap, exactly as Spring Boot would. */
    private CareCircleKafkaProperties servicesKafkaProperties() {
        Map<String, Object> env = new HashMap<>(k8s.named(ConfigMap.class, "carecircle-config").orElseThrow().getData());
        return new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
                .bindOrCreate("carecircle.kafka", CareCircleKafkaProperties.class);
    }

    @Test
    void everyTopicOfTopicJavaAndItsDeadLetterTopicIsDeclaredAsTheServicesWouldCreateIt() {
        CareCircleKafkaProperties properties = servicesKafkaProperties();
        assertThat(properties.replicationFactor()).as("production replication factor").isEqualTo((short) 3);
        assertThat(properties.minInsyncReplicas()).as("production min.insync.replicas").isEqualTo(2);

        Map<String, KafkaTopic> declared = k8s.all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(KafkaTopicsTest::topicName, Function.identity()));
        Map<String, Topic> expected = new HashMap<>();
        for (Topic topic : Topic.values()) {
            expected.put(properties.topicPrefix() + topic.baseName(), topic);
            expected.put(properties.topicPrefix() + topic.baseName() + Topic.DEAD_LETTER_SUFFIX, topic);
        }
        assertThat(declared.keySet()).as("KafkaTopics vs Topic.values() and their dead-letter topics")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());

        expected.forEach((name, topic) -> {
            KafkaTopic kafkaTopic = declared.get(name);
            boolean deadLetter = name.endsWith(Topic.DEAD_LETTER_SUFFIX);
            assertThat(kafkaTopic.getSpec().getPartitions()).as(name + " partitions").isEqualTo(properties.partitionsOf(topic));
            assertThat(kafkaTopic.getSpec().getReplicas()).as(name + " replicas")
                    .isEqualTo((int) properties.replicationFactor()).isEqualTo(3);
            Map<String, Object> config = kafkaTopic.getSpec().getConfig();
            assertThat(String.valueOf(config.get("min.insync.replicas"))).as(name + " min.insync.replicas")
                    .isEqualTo(String.valueOf(properties.minInsyncReplicas())).isEqualTo("2");
            if (topic.compacted() && !deadLetter) {
                assertThat(config).as(name + " is compacted (Topic.java)").containsEntry("cleanup.policy", "compact");
            } else {
                assertThat(config.getOrDefault("cleanup.policy", "delete")).as(name + " is not compacted").isEqualTo("delete");
            }
            assertThat(kafkaTopic.getMetadata().getLabels()).as(name)
                    .containsEntry("strimzi.io/cluster", kafka().getMetadata().getName());
        });
    }

    @Test
    void theClusterIsKRaftWithNodePoolsAndHoldsThreeReplicas() {
        Kafka kafka = kafka();
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(String.valueOf(config.get("default.replication.factor"))).isEqualTo("3");
        assertThat(String.valueOf(config.get("min.insync.replicas"))).isEqualTo("2");
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).isEqualTo("false");
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).as("the Topic Operator applies the KafkaTopics")
                .isNotNull();

        List<KafkaNodePool> pools = k8s.all(KafkaNodePool.class);
        assertThat(pools).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(brokers).as("brokers for replication factor 3").isGreaterThanOrEqualTo(3);
        assertThat(controllers).as("a KRaft quorum").isGreaterThanOrEqualTo(3).matches(n -> n % 2 == 1, "odd");
        for (KafkaNodePool pool : pools) {
            assertThat(pool.getSpec().getStorage()).as(pool.getMetadata().getName()).isInstanceOf(JbodStorage.class);
            assertThat(((JbodStorage) pool.getSpec().getStorage()).getVolumes())
                    .allSatisfy(v -> assertThat(v).isInstanceOf(PersistentClaimStorage.class));
        }
    }

    @Test
    void theServicesBootstrapFromTheClustersPlainListener() {
        Kafka kafka = kafka();
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls()).findFirst().orElseThrow();
        String bootstrap = k8s.named(ConfigMap.class, "carecircle-config").orElseThrow().getData()
                .get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort());
    }

    private Kafka kafka() {
        List<Kafka> clusters = k8s.all(Kafka.class);
        assertThat(clusters).hasSize(1);
        return clusters.get(0);
    }

    private static String topicName(KafkaTopic topic) {
        return topic.getSpec().getTopicName() != null ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
    }
}
