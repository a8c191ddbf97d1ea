package io.racewatch.tasks;

import io.racewatch.order.SyncVar;
import io.racewatch.order.SyncVars;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

/**
 * A task handed to an executor, a thread builder or a CompletableFuture stage, wrapped to carry
 * happens-before across the hand-off: what the submitter did before submitting happens-before
 * the task; the task's end happens-before whoever waits on its future. For a stage callback,
 * the completion of the source future happens-before the callback too. A task tracked against
 * its owner ({@link ScheduledTasks}) also reports its runs.
 */
public abstract class WrappedTask {
    /** {@link #begin} recorded nothing, so {@link #end} has no context to restore. */
    private static final TestContext UNCHANGED = new TestContext("", "", 0);
    final Object task;
    /**
     * The submitter's clock when it handed the task over: its (never mutated) array of the others'
     * entries, its slot and its own entry. Kept by reference, not copied: joined when the task runs.
     */
    private final int[] submittedVc;
    private final int submitterTid;
    private final int submitterOwn;
    private final Object source;
    /**
     * The task's end, released when a run ends and acquired by whoever waits on its future; made
     * at the first of those (most scheduled tasks are timeouts cancelled before they run, and
     * the JDK's futures order their own completion, so most wrappers never need one).
     */
    private volatile SyncVar done;
    private static final java.lang.invoke.VarHandle DONE;

    static {
        try {
            DONE = java.lang.invoke.MethodHandles.lookup().findVarHandle(WrappedTask.class, "done", SyncVar.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    final int site;
    /** The submitter's test: the task works for it, on whatever thread runs it. */
    private final TestContext context;
    // Tracking against the task's owner starts after the scheduling call returns, and the task may
    // have begun by then: these two flags and the record settle who saw whom (all volatile).
    private volatile ScheduledTask tracked;
    private volatile boolean started;
    private volatile boolean ended;
    /** The task this thread was running when this one began (tasks can run inline). */
    private WrappedTask outerTask;
    /** The owners whose close handed this task over, held weakly ({@link CloseHandOffs}); null for most tasks. */
    final Object[] inCloseOf;

    /** Made on the submitting thread, inside its probe. */
    WrappedTask(Object task, ThreadState submitter, Object source, int site) {
        this.task = task;
        this.submittedVc = submitter.vc();
        this.submitterTid = submitter.tid;
        this.submitterOwn = submitter.own;
        this.source = source;
        this.site = site;
        this.context = submitter.context;
        this.inCloseOf = CloseHandOffs.of(submitter);
    }

    /** The var of the task's end (see {@link #done}), made by whichever of its binding and a run's end comes first. */
    final SyncVar done() {
        SyncVar d = done;
        if (d != null) {
            return d;
        }
        d = new SyncVar();
        return DONE.compareAndSet(this, null, d) ? d : done;
    }

    /** The application's own task. */
    public Object task() {
        return task;
    }

    /** The task's scheduled-task record, or null while (or when) it is not tracked. */
    public final ScheduledTask tracked() {
        return tracked;
    }

    /** True while a run is under way (begun, not ended): a cancelled task may still be running (cancel(false)). */
    final boolean running() {
        return started && !ended;
    }

    /** Links the task's scheduled-task record, once made. */
    public final void track(ScheduledTask task) {
        tracked = task;
        if (ended && !task.schedule.kind().periodic()) {
            ScheduledTasks.finished(task); // it ran to its end before the scheduling call returned
        } else if (started) {
            task.began();
        }
    }

    /** Before the task runs; returns the running thread's own test context, for {@link #end}. */
    final TestContext begin() {
        started = true;
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return UNCHANGED;
        }
        TestContext outer = ts.context;
        try {
            ts.context = context;
            ts.join(submittedVc);
            ts.joinEntry(submitterTid, submitterOwn);
            SyncVar d = done; // an earlier run of a periodic task (none yet: no run has ended)
            if (d != null) {
                d.acquire(ts);
            }
            if (source != null) {
                SyncVars.of(ts, source).acquire(ts);
            }
            outerTask = ts.runningTask;
            ts.runningTask = this;
            ScheduledTask scheduled = tracked;
            if (scheduled != null) {
                TaskRuns.begin(ts, scheduled);
            }
        } catch (Throwable failure) {
            Faults.report("task start", failure);
        } finally {
            ts.exit();
        }
        return outer;
    }

    /** After the task ran: gives the thread its own context back (a pool thread serves many tests). */
    final void end(TestContext outer) {
        ended = true;
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            done().release(ts);
            if (ts.runningTask == this) {
                ts.runningTask = outerTask;
            }
            ScheduledTask scheduled = tracked;
            if (scheduled != null) {
                TaskRuns.end(ts, scheduled);
            }
        } catch (Throwable failure) {
            Faults.report("task end", failure);
        } finally {
            if (outer != UNCHANGED) {
                ts.context = outer;
            }
            ts.exit();
        }
    }

    @Override
    public String toString() {
        return String.valueOf(task);
    }
}
