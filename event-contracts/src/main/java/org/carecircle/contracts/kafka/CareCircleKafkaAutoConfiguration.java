package org.carecircle.contracts.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.CareEvent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.FixedBackOff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CareCircle's Kafka binding, the same in every service: topic declarations (with their dead-letter topics,
 * which have as many partitions as their source so a record keeps its partition), the event publisher, and the
 * listener error handler that retries briefly and then parks a poison record on {@code <topic>-dlt}.
 * Serdes and producer guarantees are set in {@code carecircle/kafka.yml}, which each service imports.
 */
@AutoConfiguration
@EnableConfigurationProperties(CareCircleKafkaProperties.class)
public class CareCircleKafkaAutoConfiguration {

    @Bean
    public Topics topics(CareCircleKafkaProperties properties) {
        return new Topics(properties.topicPrefix());
    }

    @Bean
    public KafkaAdmin.NewTopics careCircleTopics(CareCircleKafkaProperties properties, Topics topics) {
        List<NewTopic> all = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            int partitions = properties.partitionsOf(topic);
            TopicBuilder builder = TopicBuilder.name(topics.name(topic))
                    .partitions(partitions)
                    .replicas(properties.replicationFactor())
                    .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(properties.minInsyncReplicas()));
            if (topic.compacted()) {
                builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            all.add(builder.build());
            all.add(TopicBuilder.name(topics.deadLetter(topic))
                    .partitions(partitions)
                    .replicas(properties.replicationFactor())
                    .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(properties.minInsyncReplicas()))
                    .build());
        }
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }

    /** Kafka's health, for readiness (only where the actuator is present). */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
            name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean(destroyMethod = "close")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin, java.time.Duration.ofSeconds(3));
        }
    }

    @Bean
    public EventPublisher eventPublisher(KafkaTemplate<String, CareEvent> template, Topics topics,
                                         CareCircleKafkaProperties properties) {
        return new EventPublisher(template, topics, properties.publishTimeout());
    }

    @Bean
    public CommonErrorHandler careCircleErrorHandler(ProducerFactory<?, ?> producerFactory) {
        // Dead letters are the record as received: raw bytes when it could not be deserialized, JSON otherwise.
        Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<Class<?>, org.apache.kafka.common.serialization.Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, new JacksonJsonSerializer<>());
        DefaultKafkaProducerFactory<Object, Object> dltProducerFactory = new DefaultKafkaProducerFactory<>(
                config, null, new DelegatingByTypeSerializer(byType, true));
        KafkaTemplate<Object, Object> dltTemplate = new KafkaTemplate<>(dltProducerFactory);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(dltTemplate,
                (record, exception) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(200L, 3L));
        handler.addNotRetryableExceptions(PoisonEventException.class);
        // Kafka or Redis unreachable for a while (a broker electing leaders, Sentinel promoting a replica) is no
        // reason to give up on an event: it is tried again, backing off up to 5 s, for as long as that lasts; only
        // a record that fails for other reasons is parked on the dead-letter topic.
        handler.setBackOffFunction((record, exception) -> transientFailure(exception) ? untilItWorks() : null);
        return handler;
    }

    /**
     * A failure of the infrastructure rather than of the event, by its causes: Kafka did not answer in time or asked
     * to retry (a leader election, a broker away), Redis unreachable or timing out. A publish refused for another
     * reason (a record too large, a serialization error) is not: its record goes to the dead-letter topic.
     */
    static boolean transientFailure(Throwable exception) {
        Throwable cause = exception;
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof org.springframework.dao.TransientDataAccessException
                    || cause instanceof org.springframework.dao.DataAccessResourceFailureException
                    || redisBusy(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Redis answering that it cannot serve this now: a replica not yet promoted, a data set loading, a failover. */
    private static boolean redisBusy(String message) {
        return message != null && java.util.stream.Stream.of("READONLY", "LOADING", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN")
                .anyMatch(message::startsWith);
    }

    private static org.springframework.util.backoff.BackOff untilItWorks() {
        org.springframework.util.backoff.ExponentialBackOff backOff =
                new org.springframework.util.backoff.ExponentialBackOff(200L, 2.0);
        backOff.setMaxInterval(5_000L);
        return backOff;
    }
}
