package io.racewatch.runtime;

/**
 * A task handed to an executor, a thread builder or a CompletableFuture stage, wrapped to carry
 * happens-before across the hand-off: what the submitter did before submitting happens-before
 * the task; the task's end happens-before whoever waits on its future. For a stage callback,
 * the completion of the source future happens-before the callback too.
 */
public abstract class WrappedTask {
    final Object task;
    private final int[] submitted;
    private final Object source;
    final SyncVar done = new SyncVar();
    final int site;

    WrappedTask(Object task, int[] submitted, Object source, int site) {
        this.task = task;
        this.submitted = submitted;
        this.source = source;
        this.site = site;
    }

    /** The application's own task. */
    public Object task() {
        return task;
    }

    final void begin() {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            ts.join(submitted);
            done.acquire(ts); // an earlier run of a periodic task
            if (source != null) {
                SyncVars.of(ts, source).acquire(ts);
            }
        } catch (Throwable failure) {
            Faults.report("task start", failure);
        } finally {
            ts.exit();
        }
    }

    final void end() {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            done.release(ts);
        } catch (Throwable failure) {
            Faults.report("task end", failure);
        } finally {
            ts.exit();
        }
    }

    @Override
    public String toString() {
        return String.valueOf(task);
    }
}
