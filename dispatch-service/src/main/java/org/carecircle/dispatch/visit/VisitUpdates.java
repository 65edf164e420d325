package org.carecircle.dispatch.visit;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.dispatch.visit.domain.IllegalTransition;
import org.carecircle.dispatch.visit.domain.Transition;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitRepository.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a visit changes: load it, apply a domain transition, save it at the version read (on a lost race,
 * undo and start again from the load), run the change's effects and tell {@link VisitSaved} listeners, then publish
 * the transition's events (waiting for Kafka's acknowledgement) and note them in the visit's timeline. A re-delivered
 * input (the id of the visit's last input) re-sends the stored events and does nothing else. Events saved but not
 * acknowledged by Kafka stay marked unsent and are sent by {@link #resendUnsent} (a transactional outbox in Redis).
 */
@Component
public class VisitUpdates {
    private static final Logger log = LoggerFactory.getLogger(VisitUpdates.class);
    private static final int MAX_ATTEMPTS = 20;
    /**
     * How long a save may wait for its own publish before the relay sends its events: longer than a publish may take
     * ({@code delivery.timeout.ms} 10 s), so that a slow publish is not doubled by every instance's relay.
     */
    static final java.time.Duration UNSENT_GRACE = java.time.Duration.ofSeconds(15);
    /** When the relay tries again a visit whose events it could not send. */
    static final java.time.Duration UNSENT_RETRY = java.time.Duration.ofSeconds(10);
    private static final int RELAY_BATCH = 200;

    private final VisitRepository visits;
    private final EventPublisher publisher;
    private final VisitTimeline timeline;
    private final List<VisitSaved> listeners;

    VisitUpdates(VisitRepository visits, EventPublisher publisher, VisitTimeline timeline, List<VisitSaved> listeners) {
        this.visits = visits;
        this.publisher = publisher;
        this.timeline = timeline;
        this.listeners = listeners;
    }

    /** A change of one visit. */
    public interface Change {
        /**
         * The transition of the visit as read, recording {@code input} as its last input; the same visit with no
         * events means there is nothing to do.
         */
        Transition apply(Visit visit, String input);

        /** The save lost a race: undo what {@link #apply} took; it runs again on the visit read anew. */
        default void lost(Transition attempted) {
        }

        /** Saved: effects on the live store; returns events to publish after the transition's (e.g. an audit). */
        default List<CareEvent> saved(Visit before, Transition after) {
            return List.of();
        }
    }

    /** Visits kept changing under this change; the input will be retried. */
    public static class ConcurrentChange extends IllegalStateException {
        ConcurrentChange(String orderId, String input) {
            super("visit " + orderId + " kept changing; " + input + " will be retried");
        }
    }

    /**
     * Applies {@code change} to the visit; empty when the visit is unknown, the input was applied already, or there
     * was nothing to do.
     *
     * @throws IllegalTransition the visit's state does not allow the change
     * @throws ConcurrentChange  the visit kept changing
     */
    public Optional<Transition> apply(String orderId, String input, Change change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> found = visits.find(orderId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Stored stored = found.get();
            if (input.equals(stored.visit().lastInput())) {
                resend(orderId, stored);
                return Optional.empty();
            }
            if (stored.unsent()) {
                // never build on a step the record does not show yet: its events go first
                resend(orderId, stored);
            }
            Transition transition = change.apply(stored.visit(), input);
            if (transition.visit() == stored.visit() && transition.events().isEmpty()) {
                return Optional.empty();
            }
            if (visits.save(transition, stored.version())) {
                List<CareEvent> events = new ArrayList<>(transition.events());
                events.addAll(change.saved(stored.visit(), transition));
                listeners.forEach(l -> l.saved(stored.visit(), transition.visit()));
                publish(events);
                visits.sent(orderId, stored.version() + 1);
                return Optional.of(transition);
            }
            change.lost(transition);
        }
        throw new ConcurrentChange(orderId, input);
    }

    /** {@link #apply}, but a change the visit's state no longer allows (a late or repeated answer) is ignored. */
    public Optional<Transition> applyIfLegal(String orderId, String input, Change change) {
        try {
            return apply(orderId, input, change);
        } catch (IllegalTransition e) {
            log.info("Ignored: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Publishes (waiting for Kafka's acknowledgement) and notes the steps in the visits' timelines. */
    private void publish(List<? extends CareEvent> events) {
        publisher.publishAndWait(events);
        timeline.record(events);
    }

    private void resend(String orderId, Stored stored) {
        if (!stored.outbox().isEmpty()) {
            publish(stored.outbox());
        }
        visits.sent(orderId, stored.version());
    }

    /**
     * The relay of the outbox: sends again the events of visits saved more than {@link #UNSENT_GRACE} ago that Kafka
     * has not acknowledged (the publish after the save failed, or the instance died between the two), so that a
     * visit never stands in Redis at a step the record does not show. Consumers drop a repeated event by its id.
     * A visit whose events fail again is tried later ({@link #UNSENT_RETRY}) and the others go on; after three
     * failures in a row Kafka is taken to be away and the next round tries again. Returns how many were sent.
     */
    public int resendUnsent(java.time.Instant now) {
        int sent = 0;
        int failedInARow = 0;
        for (String orderId : visits.unsentBy(now.minus(UNSENT_GRACE).toEpochMilli(), RELAY_BATCH)) {
            try {
                Optional<Stored> stored = visits.find(orderId);
                if (stored.isPresent()) {
                    resend(orderId, stored.get());
                    sent++;
                } else {
                    visits.sent(orderId, -1);
                }
                failedInARow = 0;
            } catch (RuntimeException e) {
                log.warn("Events of visit {} not acknowledged by Kafka again ({}); tried again in {}", orderId,
                        e.getMessage(), UNSENT_RETRY);
                visits.retryUnsent(orderId, now.plus(UNSENT_RETRY).minus(UNSENT_GRACE));
                if (++failedInARow == 3) {
                    break;
                }
            }
        }
        if (sent > 0) {
            log.info("Re-sent the unacknowledged events of {} visits", sent);
        }
        return sent;
    }
}
