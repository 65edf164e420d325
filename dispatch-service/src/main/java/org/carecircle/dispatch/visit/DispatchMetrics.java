package org.carecircle.dispatch.visit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Dispatch's figures for Prometheus, without personal data (tags: priority, outcome, area key prefix):
 * {@code carecircle.dispatch.time-to-offer} and {@code time-to-assign} (from the request), offers by outcome
 * (made, accepted, declined, lapsed — the acceptance rate is accepted / made), and the queue depth per area.
 */
@Component
public class DispatchMetrics {
    private final MeterRegistry registry;
    private final MultiGauge queueDepth;

    DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.queueDepth = MultiGauge.builder("carecircle.dispatch.queue.depth")
                .description("visits waiting for a provider, per area").register(registry);
    }

    /** Offers went out; the first offers of a visit also end its time to offer. */
    public void offered(Visit before, Instant at, int offers) {
        offers("made", before.priority()).increment(offers);
        if (before.attempts() == 0) {
            Timer.builder("carecircle.dispatch.time-to-offer").tag("priority", before.priority())
                    .description("from the request to the first offer").register(registry)
                    .record(Duration.between(before.dispatchFrom(), at));
        }
    }

    public void answered(String outcome, String priority, int count) {
        if (count > 0) {
            offers(outcome, priority).increment(count);
        }
    }

    public void assigned(Visit visit, Instant at) {
        Timer.builder("carecircle.dispatch.time-to-assign").tag("priority", visit.priority())
                .description("from the request to the (whole team's) assignment").register(registry)
                .record(Duration.between(visit.dispatchFrom(), at));
    }

    /** The visits waiting now, per area. */
    public void queue(Map<String, Long> waitingByArea) {
        queueDepth.register(waitingByArea.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("area", e.getKey()), e.getValue())).toList(), true);
    }

    private Counter offers(String outcome, String priority) {
        return Counter.builder("carecircle.dispatch.offers").tag("outcome", outcome).tag("priority", priority)
                .description("offers by outcome").register(registry);
    }
}
