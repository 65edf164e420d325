package org.carecircle.simulator.faults;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carecircle.contracts.Topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Faults made on the record itself: records delivered a second time (as after a consumer that died before it
 * committed, or a producer that retried), and poison records (bytes that are no event, an event of a type nobody
 * knows) — each consumer must drop the first by the event's id and park the second on {@code <topic>-dlt}.
 */
final class KafkaFaults {
    private final String bootstrapServers;

    KafkaFaults(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends again, to the same partitions with the same keys and bytes, every record of {@code topics} since {@code since}. */
    int redeliver(List<String> topics, Instant since) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> from = new java.util.HashMap<>();
            partitions.forEach(p -> from.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(from, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp at = start.get(partition);
                consumer.seek(partition, at == null ? end.get(partition) : at.offset());
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
        }
        return records.size();
    }

    /** Two poison records per topic: bytes that are no JSON, and an event of an unknown type; returns their keys and topics. */
    Map<String, String> poison(List<String> topics) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String topic : topics) {
                String garbage = "poison-" + UUID.randomUUID();
                String unknown = "poison-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>(topic, bytes(garbage), new byte[] {0, (byte) 0xff, 'n', 'o', 't'}));
                producer.send(new ProducerRecord<>(topic, bytes(unknown), bytes("{\"type\":\"visit-teleported\",\"eventId\":\""
                        + UUID.randomUUID() + "\",\"schemaVersion\":1,\"occurredAt\":\"" + Instant.now() + "\"}")));
                keys.put(garbage, topic);
                keys.put(unknown, topic);
            }
            producer.flush();
        }
        return keys;
    }

    /**
     * The poison records some consumer group did not park on the dead-letter topic: each group that consumes a
     * topic (its members' assignments now) must have parked each poison record of it (the dead letter names the
     * group in its {@code kafka_dlt-original-consumer-group} header). Each problem as "key of topic not parked by group".
     */
    List<String> notParked(Map<String, String> poison) {
        Map<String, Set<String>> consumers = consumerGroupsByTopic();
        Map<String, Set<String>> parkedBy = new java.util.HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            Set.copyOf(poison.values()).forEach(t -> consumer.partitionsFor(t + Topic.DEAD_LETTER_SUFFIX, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    var group = record.headers().lastHeader("kafka_dlt-original-consumer-group");
                    if (poison.containsKey(key) && group != null) {
                        parkedBy.computeIfAbsent(key, k -> new HashSet<>()).add(new String(group.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        poison.forEach((key, topic) -> consumers.getOrDefault(topic, Set.of()).stream()
                .filter(group -> !parkedBy.getOrDefault(key, Set.of()).contains(group))
                .forEach(group -> problems.add("poison record " + key + " of " + topic + " not parked by " + group)));
        if (consumers.isEmpty()) {
            problems.add("no consumer group found to check the poison records against");
        }
        return problems;
    }

    /** Each topic and the consumer groups whose members are assigned some of its partitions. */
    private Map<String, Set<String>> consumerGroupsByTopic() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.clients.admin.GroupListing::groupId).toList();
            Map<String, Set<String>> byTopic = new java.util.HashMap<>();
            // the platform's groups, not the suite's own reader of the record (TopicProbe's "probe-…")
            admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().stream()
                    .filter(g -> !g.groupId().startsWith("probe-")).forEach(g ->
                    g.members().forEach(m -> m.assignment().topicPartitions().forEach(tp ->
                            byTopic.computeIfAbsent(tp.topic(), t -> new HashSet<>()).add(g.groupId()))));
            return byTopic;
        } catch (Exception e) {
            throw new IllegalStateException("could not list the consumer groups", e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(60),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
