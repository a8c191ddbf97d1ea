package testprograms.lib;

import java.util.concurrent.FutureTask;

/**
 * A library's one-shot signal made of a task that never runs: given by cancelling it, taken by
 * polling {@code isCancelled}. Tests exclude {@code testprograms.lib.*}.
 */
public final class Cancellation {
    private final FutureTask<Void> task = new FutureTask<>(() -> null);

    public void cancel() {
        task.cancel(false);
    }

    public void awaitCancelled() {
        while (!task.isCancelled()) {
            Thread.onSpinWait();
        }
    }
}
