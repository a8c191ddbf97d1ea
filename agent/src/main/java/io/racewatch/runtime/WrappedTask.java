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
    // Tracking against the task's owner starts after the scheduling call returns, and the task may
    // have begun by then: these two flags and the record settle who saw whom (all volatile).
    private volatile ScheduledTask tracked;
    private volatile boolean started;
    private volatile boolean ended;
    /** The task this thread was running when this one began (tasks can run inline). */
    private WrappedTask outer;

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

    /** The task's scheduled-task record, or null while (or when) it is not tracked. */
    final ScheduledTask tracked() {
        return tracked;
    }

    /** Links the task's scheduled-task record, once made. */
    final void track(ScheduledTask task) {
        tracked = task;
        if (ended && !task.schedule.kind().periodic()) {
            ScheduledTasks.finished(task); // it ran to its end before the scheduling call returned
        } else if (started) {
            task.began();
        }
    }

    final void begin() {
        started = true;
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
            outer = ts.runningTask;
            ts.runningTask = this;
            ScheduledTask task = tracked;
            if (task != null) {
                TaskRuns.begin(ts, task);
            }
        } catch (Throwable failure) {
            Faults.report("task start", failure);
        } finally {
            ts.exit();
        }
    }

    final void end() {
        ended = true;
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            done.release(ts);
            if (ts.runningTask == this) {
                ts.runningTask = outer;
            }
            ScheduledTask task = tracked;
            if (task != null) {
                TaskRuns.end(ts, task);
            }
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
