package testprograms.lib;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A library's arrival counter: each party increments an AtomicInteger, a waiter spins until the
 * count is reached. Tests exclude {@code testprograms.lib.*}.
 */
public final class Tally {
    private final AtomicInteger arrived = new AtomicInteger();

    public void arrive() {
        arrived.incrementAndGet();
    }

    public void awaitAtLeast(int n) {
        while (arrived.get() < n) {
            Thread.onSpinWait();
        }
    }
}
