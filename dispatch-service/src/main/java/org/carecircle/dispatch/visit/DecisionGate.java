package org.carecircle.dispatch.visit;

import org.springframework.stereotype.Component;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Closed while dispatch's views are not whole (Redis lost them and they are being rebuilt from the log): the timer
 * rounds and a supervisor's assignment decide nothing then, so no decision contradicts the rebuilt state. Closing
 * waits for the decisions already under way to finish.
 */
@Component
public class DecisionGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private boolean open = true;
    private int inFlight;

    /** A decision may start (call {@link #leave} when it is done); false while the gate is closed. */
    public boolean tryEnter() {
        lock.lock();
        try {
            if (!open) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void leave() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** No new decision from now on; returns once those under way are done. */
    public void close() {
        lock.lock();
        try {
            open = false;
            while (inFlight > 0) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    public void open() {
        lock.lock();
        try {
            open = true;
        } finally {
            lock.unlock();
        }
    }
}
