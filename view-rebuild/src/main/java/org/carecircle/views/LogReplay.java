package org.carecircle.views;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.carecircle.contracts.events.CareEvent;
import org.springframework.kafka.core.ConsumerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Reads a view's topics from their beginning to their end as of the start, one topic after the other, without a
 * consumer group (nothing committed), and hands every event to the view.
 */
final class LogReplay {
    private final ConsumerFactory<?, ?> consumers;
    private final int batch;
    private final BooleanSupplier goOn;

    /** @param goOn asked after every poll: false stops the replay (it then counts as not complete) */
    LogReplay(ConsumerFactory<?, ?> consumers, int batch, BooleanSupplier goOn) {
        this.consumers = consumers;
        this.batch = batch;
        this.goOn = goOn;
    }

    /** How many events the view was given, or -1 when the replay was stopped half way. */
    long replay(RebuildableView view) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(batch));
        long applied = 0;
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "rebuild-" + view.name(), null, overrides)) {
            for (String topic : view.topics()) { // one after the other, in the view's order
                long fromTopic = replay(view, consumer, topic);
                if (fromTopic < 0) {
                    return -1;
                }
                applied += fromTopic;
            }
        }
        return applied;
    }

    private long replay(RebuildableView view, Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long applied = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                        && record.value() instanceof CareEvent event) {
                    view.replay(event);
                    applied++;
                }
            }
            if (!goOn.getAsBoolean()) {
                return -1;
            }
        }
        return applied;
    }
}
