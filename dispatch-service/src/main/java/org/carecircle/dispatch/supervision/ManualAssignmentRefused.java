package org.carecircle.dispatch.supervision;

/** A supervisor's choice fails a gate that cannot be (or was not) overridden; the message says which. */
public class ManualAssignmentRefused extends RuntimeException {
    public ManualAssignmentRefused(String message) {
        super(message);
    }
}
