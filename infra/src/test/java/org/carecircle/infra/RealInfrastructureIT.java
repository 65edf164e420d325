package org.carecircle.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Both ways of getting real infrastructure give a broker that stores records and a Redis that answers. */
class RealInfrastructureIT {

    @Test
    void embeddedKafkaAndRedisServeRealClients() throws Exception {
        try (RealInfrastructure infra = RealInfrastructure.start(RealInfrastructure.Mode.EMBEDDED)) {
            assertWorks(infra);
        }
    }

    /** Runs where a Docker engine answers (and its images can be pulled); skipped cleanly elsewhere. */
    @Test
    @EnabledIf("org.carecircle.infra.Docker#available")
    void testcontainersKafkaAndRedisServeRealClients() throws Exception {
        try (RealInfrastructure infra = RealInfrastructure.start(RealInfrastructure.Mode.TESTCONTAINERS)) {
            assertWorks(infra);
        }
    }

    private static void assertWorks(RealInfrastructure infra) throws Exception {
        RedisServer redis = new RedisServer() {
            @Override
            String host() {
                return infra.redisHost();
            }

            @Override
            int port() {
                return infra.redisPort();
            }

            @Override
            public void close() {
            }
        };
        assertThat(redis.command("SET probe ok")).isEqualTo("+OK");
        assertThat(redis.command("GEOADD g 121.4265 31.2215 p")).isEqualTo(":1");
        infra.flushRedis();
        assertThat(redis.command("EXISTS probe")).isEqualTo(":0");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("probe", 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
             TopicProbe probe = new TopicProbe(infra.kafkaBootstrapServers(), List.of("probe"))) {
            producer.send(new ProducerRecord<>("probe", "k", "hello")).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.values().contains("hello"));
        }
    }
}
