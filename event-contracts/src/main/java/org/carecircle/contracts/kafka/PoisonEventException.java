package org.carecircle.contracts.kafka;

/** An event that can never be processed (invalid content); it goes to the dead-letter topic without retries. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }
}
