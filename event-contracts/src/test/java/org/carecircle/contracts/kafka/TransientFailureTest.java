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
                new EventPublisher.PublishFailedException("Kafka did not acknowledge the event", null)))).isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new ListenerExecutionFailedException("listener",
                new IllegalStateException(new DataAccessResourceFailureException("Unable to connect to Redis"))))).isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new QueryTimeoutException("Redis command timed out")))
                .isTrue();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException("leader moved"))).isTrue();
    }

    @Test
    void aBadEventIsNotWaitedFor() {
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new ListenerExecutionFailedException("listener",
                new PoisonEventException("unknown service code")))).isFalse();
        assertThat(CareCircleKafkaAutoConfiguration.transientFailure(new IllegalArgumentException("bad"))).isFalse();
    }
}
