package testprograms.lib;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A library's progress mark: the writer advances an AtomicLong with lazySet (a release store),
 * a reader spins on getAcquire until it passes a value. Tests exclude {@code testprograms.lib.*}.
 */
public final class Watermark {
    private final AtomicLong mark = new AtomicLong();

    public void advanceTo(long value) {
        mark.lazySet(value);
    }

    public void awaitAtLeast(long value) {
        while (mark.getAcquire() < value) {
            Thread.onSpinWait();
        }
    }
}
