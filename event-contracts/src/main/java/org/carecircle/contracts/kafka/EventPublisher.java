package org.carecircle.contracts.kafka;

import org.carecircle.contracts.Topic;
import org.carecircle.contracts.events.CareEvent;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes events to their registered topic with their registered key. */
public class EventPublisher {
    private final KafkaTemplate<String, CareEvent> template;
    private final Topics topics;
    private final Duration publishTimeout;

    public EventPublisher(KafkaTemplate<String, CareEvent> template, Topics topics, Duration publishTimeout) {
        this.template = template;
        this.topics = topics;
        this.publishTimeout = publishTimeout;
    }

    /** Sends without waiting; the idempotent producer batches. */
    public CompletableFuture<?> publish(CareEvent event) {
        return template.send(topics.name(Topic.of(event)), event.messageKey(), event);
    }

    /**
     * Sends and waits until the broker acknowledged every event ({@code acks=all}).
     *
     * @throws PublishFailedException when the broker did not acknowledge in time or refused
     */
    public void publishAndWait(List<? extends CareEvent> events) {
        List<CompletableFuture<?>> sent;
        try {
            sent = events.stream().<CompletableFuture<?>>map(this::publish).toList();
        } catch (RuntimeException e) {
            // the producer could not even enqueue (e.g. metadata unavailable for max.block.ms)
            throw new PublishFailedException("Kafka did not accept the event", e);
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge the event", e);
        }
    }

    public void publishAndWait(CareEvent event) {
        publishAndWait(List.of(event));
    }

    /** The broker did not acknowledge an event: it must be treated as not published. */
    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
