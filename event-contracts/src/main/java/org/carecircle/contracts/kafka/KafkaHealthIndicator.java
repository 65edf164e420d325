package org.carecircle.contracts.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Kafka is reachable: the cluster answers a describe within {@code timeout}. Part of readiness — a service that
 * cannot reach Kafka cannot accept orders or answers (nothing would be recorded), so it should get no traffic.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {
    private final KafkaAdmin admin;
    private final Duration timeout;
    private volatile AdminClient client;

    public KafkaHealthIndicator(KafkaAdmin admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = client().describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
    }

    private AdminClient client() {
        AdminClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(admin.getConfigurationProperties());
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close(Duration.ofSeconds(2));
        }
    }
}
