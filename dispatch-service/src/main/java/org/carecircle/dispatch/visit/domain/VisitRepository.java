package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.VisitEvent;

import java.util.List;
import java.util.Optional;

/** Port: visits with optimistic versioning, and the events of each visit's last transition (its outbox). */
public interface VisitRepository {

    /** A visit as stored, with its version and the events of its last transition. */
    record Stored(Visit visit, long version, List<VisitEvent> outbox) {
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

    /** Visits whose open offer expired by {@code nowMillis}. */
    List<String> expiredOffers(long nowMillis, int limit);
}
