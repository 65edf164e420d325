package org.carecircle.contracts.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which listener failures wait for the infrastructure (retried without end) and which park the record on the
 * dead-letter topic: a record must not be parked because a broker or Redis was away for a while.
 */
class TransientFailureTest {
    @Test
    void kafkaOrRedisAwayIsWaitedForHoweverDeepInTheCause() {
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new ListenerExecutionFailedException("listener",
                new EventPublisher.PublishFailedException("Kafka did not acknowledge the event",
                        new java.util.concurrent.TimeoutException())))).isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new ListenerExecutionFailedException("listener",
                new IllegalStateException(new DataAccessResourceFailureException("Unable to connect to Redis"))))).isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new QueryTimeoutException("Redis command timed out")))
                .isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException("leader moved"))).isTrue();
        // what a Redis replica not yet promoted answers a write, as the driver reports it
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new IllegalStateException("Error in execution",
                new RuntimeException("READONLY You can't write against a read only replica.")))).isTrue();
    }

    @Test
    void aBadEventIsNotWaitedFor() {
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new ListenerExecutionFailedException("listener",
                new PoisonEventException("unknown service code")))).isFalse();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new IllegalArgumentException("bad"))).isFalse();
        // refused for good, not for a while: the record is too large, or cannot be serialized
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new EventPublisher.PublishFailedException(
                "Kafka did not acknowledge the event", new java.util.concurrent.ExecutionException(
                        new org.apache.kafka.common.errors.RecordTooLargeException("too large"))))).isFalse();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new EventPublisher.PublishFailedException(
                "Kafka did not accept the event", new org.apache.kafka.common.errors.SerializationException("bad")))).isFalse();
    }
}
