package org.carecircle.contracts.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.carecircle.contracts.Topic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * How CareCircle's topics are laid out on a cluster.
 *
 * @param topicPrefix       put in front of every topic name (an environment or test namespace); empty by default
 * @param defaultPartitions partitions of a topic not listed in {@code partitions}
 * @param partitions        partitions per topic base name, e.g. {@code visit-orders: 12}
 * @param replicationFactor replication factor of created topics (1 on a single local broker, 3 in production)
 * @param minInsyncReplicas {@code min.insync.replicas} of created topics: with {@code acks=all} a write is
 *                          acknowledged only once this many replicas have it (1 locally, 2 in production)
 * @param publishTimeout    how long a caller that must wait for the broker's acknowledgement waits
 */
@Validated
@ConfigurationProperties("carecircle.kafka")
public record CareCircleKafkaProperties(
        @DefaultValue("") String topicPrefix,
        @DefaultValue("6") @Min(1) int defaultPartitions,
        @DefaultValue Map<String, Integer> partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("1") @Min(1) int minInsyncReplicas,
        @DefaultValue("5s") @NotNull Duration publishTimeout) {

    @jakarta.validation.constraints.AssertTrue(message = "min-insync-replicas must not exceed replication-factor")
    public boolean isMinInsyncReplicasWithinReplication() {
        return minInsyncReplicas <= replicationFactor;
    }

    public int partitionsOf(Topic topic) {
        return partitions.getOrDefault(topic.baseName(), defaultPartitions);
    }
}
