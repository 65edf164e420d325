package org.carecircle.views;

import org.carecircle.contracts.events.CareEvent;

import java.util.List;

/**
 * A view a service keeps in Redis that its Kafka topics fully determine. {@link ViewGuard} rebuilds it from them
 * whenever one of its markers ({@code cc:{<keyspace>}:views:<name>}) is missing: after Redis lost its data, on first start, or when an
 * operator deletes the marker.
 */
public interface RebuildableView {
    /** The view's name; its markers are {@code cc:{<keyspace>}:views:<name>}. Unique across services sharing a Redis. */
    String name();

    /**
     * The hash tags of the keyspaces the view writes into (e.g. {@code intake}: its keys are {@code cc:{intake}:...}),
     * the first one where it mainly lives. The view keeps a marker in each, so on a Redis Cluster — where each
     * keyspace is one slot and so on one primary — the loss of any primary holding part of the view is seen.
     */
    List<String> keyspaces();

    /**
     * The full names of the topics it is built from, each read from its beginning on a rebuild, one after the other
     * in this order (so a topic whose events follow another's, e.g. progress after assignment, comes after it).
     */
    List<String> topics();

    /**
     * Ids of the listener containers paused while the view is rebuilt: the live consumers that write into it or
     * decide on it. They resume from their committed offsets once it is whole; what they read again is applied
     * idempotently.
     */
    List<String> liveListeners();

    /**
     * The view is found not whole (its listeners are being paused): whatever else of the service decides on it —
     * timers, requests — stops until {@link #resumed}. Called on the guard's thread; may wait for work in flight.
     */
    default void paused() {
    }

    /** The view is whole again (its listeners resume). */
    default void resumed() {
    }

    /** A rebuild of the view by this instance starts. */
    default void beginReplay() {
    }

    /**
     * Applies one event of the log to the view: idempotent, and nothing outside the view (no events published).
     * A view may also collect events here and write them in {@link #endReplay}.
     */
    void replay(CareEvent event);

    /**
     * The replay ended: {@code complete} when every event up to the end of the log as of its start was replayed
     * (write what was collected), false when it failed or Redis lost its data again (drop it; it starts over).
     */
    default void endReplay(boolean complete) {
    }
}
