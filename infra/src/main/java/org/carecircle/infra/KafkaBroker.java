package org.carecircle.infra;

import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;

/** A running Kafka broker: in-JVM KRaft or a container. */
interface KafkaBroker extends AutoCloseable {
    String bootstrapServers();

    @Override
    void close();

    static KafkaBroker embedded() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("log.cleaner.enable", "true");
        broker.afterPropertiesSet();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return broker.getBrokersAsString();
            }

            @Override
            public void close() {
                broker.destroy();
            }
        };
    }

    /**
     * A single-node KRaft broker in a container: {@code carecircle/kafka:4.2.1} (deploy/images/build, Kafka's jars
     * from Maven Central) when the engine has it, {@code apache/kafka:4.2.1} otherwise; {@link Docker#kafkaImage}.
     * Configured as the embedded broker is: topics only as the services declare them.
     */
    static KafkaBroker container() {
        DockerImageName image = Docker.kafkaImage();
        LoggerFactory.getLogger(KafkaBroker.class).info("Kafka container from {}", image);
        KafkaContainer container = Docker.labelled(new KafkaContainer(image))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_LOG_CLEANER_ENABLE", "true")
                .withEnv("KAFKA_HEAP_OPTS", "-Xms128m -Xmx768m")
                .withStartupTimeout(Duration.ofMinutes(3));
        container.start();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
