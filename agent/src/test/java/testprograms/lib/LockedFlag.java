package testprograms.lib;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A library's one-shot hand-off made of a flag under a {@link ReentrantLock}, waited for by polling
 * (each poll a lock and an unlock) or on the lock's condition (an await releases the lock and takes
 * it again). Tests exclude {@code testprograms.lib.*}: the lock's hooks inside the JDK must still
 * order the two sides, the var passing from one holder to the next as each unlocks.
 */
public final class LockedFlag {
    private final ReentrantLock lock;
    private final Condition raisedSignal;
    private boolean raised;

    public LockedFlag(boolean fair) {
        lock = new ReentrantLock(fair);
        raisedSignal = lock.newCondition();
    }

    public void raise() {
        lock.lock();
        try {
            raised = true;
            raisedSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void awaitPolling() {
        while (!isRaised()) {
            Thread.onSpinWait();
        }
    }

    public void awaitSignal() {
        lock.lock();
        try {
            while (!raised) {
                raisedSignal.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isRaised() {
        lock.lock();
        try {
            return raised;
        } finally {
            lock.unlock();
        }
    }
}
