package testprograms.lib;

import java.util.concurrent.atomic.LongAdder;

/** A library's arrival count on a LongAdder, polled with {@code sum}. Tests exclude {@code testprograms.lib.*}. */
public final class StripedCount {
    private final LongAdder arrived = new LongAdder();

    public void arrive() {
        arrived.increment();
    }

    public void awaitAtLeast(long n) {
        while (arrived.sum() < n) {
            Thread.onSpinWait();
        }
    }
}
