package testprograms.lib;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A library's one-shot flag, raised by compare-and-set on an AtomicBoolean and polled with get.
 * Tests exclude {@code testprograms.lib.*}.
 */
public final class Flag {
    private final AtomicBoolean raised = new AtomicBoolean();

    public void raise() {
        raised.compareAndSet(false, true);
    }

    public void awaitRaised() {
        while (!raised.get()) {
            Thread.onSpinWait();
        }
    }
}
