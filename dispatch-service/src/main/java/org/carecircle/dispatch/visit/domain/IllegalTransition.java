package org.carecircle.dispatch.visit.domain;

/** A command that does not fit the visit's current state (e.g. accepting an offer that is no longer current). */
public class IllegalTransition extends RuntimeException {
    public IllegalTransition(String message) {
        super(message);
    }
}
