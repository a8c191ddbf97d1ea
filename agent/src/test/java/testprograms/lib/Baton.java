package testprograms.lib;

/**
 * A library's one-shot hand-off made of a synchronized block on a private lock, polled without
 * waiting. Tests exclude {@code testprograms.lib.*}: the monitor must still order the two sides.
 */
public final class Baton {
    private final Object lock = new Object();
    private boolean passed;

    public void pass() {
        synchronized (lock) {
            passed = true;
        }
    }

    public void awaitPassed() {
        while (!isPassed()) {
            Thread.onSpinWait();
        }
    }

    private boolean isPassed() {
        synchronized (lock) {
            return passed;
        }
    }
}
