package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.VisitEvent;

import java.util.List;
import java.util.Optional;

/** Port: visits with optimistic versioning, and the events of each visit's last transition (its outbox). */
public interface VisitRepository {

    /**
     * A visit as stored, with its version and the events of its last transition; {@code unsent} while Kafka has not
     * acknowledged them.
     */
    record Stored(Visit visit, long version, List<VisitEvent> outbox, boolean unsent) {
    }

    /** Stores a new visit, due for a dispatch round at {@code dueAt}; false if it exists already. */
    boolean create(Visit visit, java.time.Instant dueAt);

    Optional<Stored> find(String orderId);

    /** Saves a transition if the visit is still at {@code expectedVersion}; false if someone else changed it. */
    boolean save(Transition transition, long expectedVersion);

    /** Visits due to be tried again for a provider, oldest first. */
    List<String> waiting(int limit);

    /** Visits due to be tried for a provider by {@code untilMillis} (including those due now). */
    List<String> dueBy(long untilMillis, int limit);

    /** Visits still looking for providers or with offers out (not yet assigned, ended or cancelled). */
    List<String> active(int limit);

    /** Visits whose assignment SLA deadline passed by {@code nowMillis}. */
    List<String> slaDue(long nowMillis, int limit);

    /** Visits due to be escalated by {@code nowMillis} (waiting past their priority's escalation time). */
    List<String> escalationsDue(long nowMillis, int limit);

    /** Stores the visit as rebuilt from the log, whatever is stored now, with every index of it. */
    void restore(Visit visit);

    /** Visits whose provider left before checking in, due to be dispatched anew by {@code untilMillis}. */
    List<String> departedBy(long untilMillis, int limit);

    /** Looks at the visit's escalation again at {@code until} (someone is eligible now, or its area is paused). */
    void deferEscalation(String orderId, java.time.Instant until);

    /** The visit was tried and still waits: its next round is at {@code until}, behind the others due (rotation). */
    void deferRound(String orderId, java.time.Instant until);

    /** Waiting visits needing {@code qualification} whose home is within {@code radiusMeters} of {@code at}, nearest first. */
    List<String> waitingNear(String qualification, org.carecircle.contracts.events.GeoPoint at, double radiusMeters,
                             int limit);

    /**
     * These waiting visits, those due by {@code dueByMillis}, are first in the next round (something that could serve
     * them changed); returns how many were moved. A visit not yet due (lead time, batching window) keeps its turn.
     */
    int dueNow(List<String> orderIds, long dueByMillis);

    /** Indexes every stored visit not yet done again (after an upgrade added indexes); returns how many. */
    int reindexAll();

    /** How many visits of the district wait for a provider now (matching started, nobody found yet). */
    long waitingCount(String district, long nowMillis);

    /** A page of them, longest waiting first. */
    List<String> waitingPage(String district, long nowMillis, int offset, int limit);

    /** Visits waiting for a provider now, per area. */
    java.util.Map<String, Long> waitingByArea(long nowMillis);

    /** The visits {@code providerId} has an open offer of, or is on the team of and not yet done with. */
    java.util.Set<String> involving(String providerId);

    /**
     * Visits saved by {@code untilMillis} whose outbox Kafka has not acknowledged yet (the publish after the save
     * failed, or the instance died between the two).
     */
    List<String> unsentBy(long untilMillis, int limit);

    /** The relay could not send the visit's unsent events: it tries them again as if saved at {@code at}. */
    void retryUnsent(String orderId, java.time.Instant at);

    /** Kafka acknowledged the visit's outbox as saved at {@code version}: no longer unsent, unless saved since. */
    void sent(String orderId, long version);

    /** Visits whose open offer expired by {@code nowMillis}. */
    List<String> expiredOffers(long nowMillis, int limit);
}
