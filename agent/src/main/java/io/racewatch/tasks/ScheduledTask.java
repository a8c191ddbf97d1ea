package io.racewatch.tasks;

import io.racewatch.runtime.JdkState;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.TimerTask;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One task handed to an executor, a timer or a timeout, tracked against its owner. The owner
 * is the referent, held weakly: when it is collected the record is enqueued, and a periodic
 * task still scheduled then is a finding. The task's future (or timer task) and its executor
 * (or timer) are held weakly too: racewatch never keeps them, or the owner, alive.
 */
public final class ScheduledTask extends WeakReference<Object> {
    private static final int SCHEDULED = 0;
    private static final int STARTED = 1;
    private static final int FINISHED = 2;
    private static final int CANCELLED = 3;
    private static final int RUNS_KEPT = 3;

    /** racewatch's record of the owner; never the owner itself. */
    public final OwnerState owner;
    public final Schedule schedule;
    /** The scheduling call's site. */
    public final int site;
    /** Clock slot and name of the thread that scheduled the task. */
    public final int tid;
    public final String thread;
    /** The application's task class ({@code demo.jobs.Connection$$Lambda} for a lambda). */
    public final String taskClass;
    /** Position among scheduling events. */
    public final long seq;
    /** Scheduled by a run of another task of the same owner after the owner closed. */
    public final boolean continuation;
    /** See {@link #partOfClose()}: known so when the task was tracked, or set by an executor's shutdown ({@link ShutdownDrains}). */
    private volatile boolean partOfClose;
    /** One-shot work an executor owner handed on for a caller ({@link CallerWork}): what its {@code shutdown()} drains. */
    final boolean forCallers;
    /**
     * The task that was running when this background work was handed over, whose record was not
     * made yet (it began before its own scheduling call returned): whether this work is part of a
     * close is that record's answer, asked once it exists, then let go. Held strongly until then
     * (it may have ended and been dropped by its executor): only while this one-shot work waits to
     * run, as the executor's queue holds this work's own task.
     */
    private volatile WrappedTask handedOverIn;
    /** The test that scheduled it: findings about the task are charged to it, whichever thread makes them. */
    final TestContext context;
    /**
     * The classes on the call path that scheduled it, for an owner with a lifecycle end of its own (a helper
     * that its holder may have started, see {@link HeldHelpers}); null otherwise. Set before the
     * task is published to its owner's state. Null too for a task past its site's walk budget
     * ({@link HeldHelpers#callerClasses}). Held strongly: only as long as the task is tracked.
     */
    Class<?>[] scheduledFrom;
    /**
     * Scheduled by a run of another task of the same owner: its work goes on from work already
     * handed over, so whoever handed that over answers for this one too ({@link HeldHelpers}).
     */
    boolean fromOwnRun;
    private final WeakReference<Object> handle;
    /**
     * The application's own task of periodic work on an executor (its future is the JDK's, which
     * holds racewatch's wrapper, which holds the task), for the exit check of a collected owner's
     * task ({@link #ownTask()}); null for other work: periodic scheduling is rare, one-shot is not.
     */
    private final WeakReference<Object> ownTask;
    private final WeakReference<Object> scheduler;
    private final long scheduledAt = System.nanoTime();
    private volatile int state;
    private volatile long lastRunAt;
    // The last few runs, for the finding's history: sequence numbers and thread names (made at
    // the first run: most tasks, timeouts above all, are cancelled before they ever run).
    private long[] runSeqs;
    private String[] runThreads;
    private int runs;

    /** The record of the call {@code r}, for its owner's {@code state}. */
    ScheduledTask(Registration r, Object owner, OwnerState state, boolean continuation, boolean partOfClose,
                  WrappedTask handedOverIn, ReferenceQueue<Object> queue) {
        super(owner, queue);
        this.owner = state;
        this.handle = r.handle == null ? null : new WeakReference<>(r.handle);
        this.scheduler = r.scheduler == null ? null : new WeakReference<>(r.scheduler);
        WrappedTask w = r.schedule.kind().periodic() ? r.wrapped() : null;
        this.ownTask = w == null || w.task() == null ? null : new WeakReference<>(w.task());
        this.schedule = r.schedule;
        this.taskClass = r.taskClass;
        this.site = r.site;
        this.tid = r.tid;
        this.thread = r.thread;
        this.continuation = continuation;
        this.partOfClose = partOfClose;
        this.forCallers = r.forCallers;
        this.handedOverIn = handedOverIn;
        this.seq = r.seq;
        this.context = r.context;
    }

    /**
     * From the sequence number, not the identity: an identity hash is made on first use (a call
     * into the VM for each new record), and every record is hashed into two sets.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(seq * 0x9E3779B97F4A7C15L);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    /**
     * Background work handed over by the owner's own lifecycle end while it ran (or by such work in
     * turn): an asynchronous close going on elsewhere (a Netty channel's close hands the peer's
     * close to the peer's event loop, its pipeline's teardown hops between the handlers'
     * executors), never left behind by it, so neither reported at the close nor late when it runs
     * after it. Delayed and periodic work a close schedules is still tracked.
     */
    public boolean partOfClose() {
        if (partOfClose) {
            return true;
        }
        WrappedTask in = handedOverIn;
        ScheduledTask parent = in == null ? null : in.tracked();
        if (parent == null) {
            return false; // not known (yet): work left behind unless its parent's record says otherwise
        }
        handedOverIn = null; // settled either way
        if (parent != this && parent.owner == owner && parent.partOfClose()) {
            partOfClose = true;
            return true;
        }
        return false;
    }

    /** Its owner, an executor, is shutting down and lets it run: the shutdown going on ({@link ShutdownDrains}). */
    void drainedByShutdown() {
        partOfClose = true;
    }

    /** True once the owner has been collected. */
    public boolean ownerGone() {
        return get() == null;
    }

    /**
     * Where the task stands: asks its future, timer task and executor, only where their state
     * methods are the JDK's (they neither block nor call back into the application).
     */
    public TaskStatus status() {
        int s = state;
        if (s == FINISHED) {
            return TaskStatus.DONE;
        }
        if (s == CANCELLED) {
            return TaskStatus.CANCELLED;
        }
        Object h = handle == null ? null : handle.get();
        if (handle != null && h == null) {
            return TaskStatus.DONE; // nothing holds the task any more: it cannot run
        }
        if (h instanceof Future<?> f && JdkState.canAskFuture(f)) {
            if (f.isCancelled()) {
                return TaskStatus.CANCELLED;
            }
            if (f.isDone()) {
                return TaskStatus.DONE;
            }
        }
        Object by = scheduler == null ? null : scheduler.get();
        if (by instanceof ExecutorService e && JdkState.canAskExecutor(e) && e.isShutdown()) {
            return e.isTerminated() ? TaskStatus.DONE : TaskStatus.SHUT_DOWN;
        }
        if (by != null && TimerTasks.isCancelledTimer(by)) {
            return TaskStatus.CANCELLED;
        }
        return s == STARTED ? TaskStatus.RUNNING : TaskStatus.PENDING;
    }

    /**
     * True when the task itself was cancelled or ran to its end, as opposed to being cut off by its
     * executor's end (a shutdown or termination after the owner's close is not the owner's clean-up).
     */
    public boolean cancelledOrRan() {
        int s = state;
        if (s == FINISHED || s == CANCELLED) {
            return true;
        }
        Object h = handle == null ? null : handle.get();
        if (handle != null && h == null) {
            return true; // nothing holds the task any more: it cannot run
        }
        if (h instanceof Future<?> f && JdkState.canAskFuture(f)) {
            return f.isCancelled() || f.isDone();
        }
        Object by = scheduler == null ? null : scheduler.get();
        return by != null && TimerTasks.isCancelledTimer(by);
    }

    /** Milliseconds until the next run as far as known (negative when overdue), or null when unknown. */
    public Long nextRunMillis() {
        Object h = handle == null ? null : handle.get();
        if (h instanceof Delayed d && JdkState.canAskDelay(d)) {
            return d.getDelay(TimeUnit.MILLISECONDS);
        }
        if (h instanceof TimerTask t && schedule.kind().periodic() && lastRunAt != 0 && JdkState.canAskTimerTask(t)) {
            return t.scheduledExecutionTime() + TimeUnit.NANOSECONDS.toMillis(schedule.periodNanos()) - System.currentTimeMillis();
        }
        if (schedule.kind() == Schedule.Kind.BACKGROUND) {
            return null;
        }
        long from = schedule.kind().periodic() && lastRunAt != 0 ? lastRunAt + schedule.periodNanos() : scheduledAt + schedule.delayNanos();
        return TimeUnit.NANOSECONDS.toMillis(from - System.nanoTime());
    }

    /**
     * The application's own task while something still holds it: the timer task, or for periodic work
     * on an executor the task handed to it; else null (the executor's future is the JDK's).
     */
    public Object ownTask() {
        Object h = handle();
        if (h instanceof TimerTask) {
            return h;
        }
        return ownTask == null ? null : ownTask.get();
    }

    /** The task's future or timer task while something still holds it, else null. */
    public Object handle() {
        return handle == null ? null : handle.get();
    }

    void cancelled() {
        state = CANCELLED;
    }

    void finished() {
        state = FINISHED;
    }

    /** A run begins: a one-shot task is no longer scheduled once it has started. */
    synchronized void runs(long runSeq, String runThread) {
        if (runSeqs == null) {
            runSeqs = new long[RUNS_KEPT];
            runThreads = new String[RUNS_KEPT];
        }
        runSeqs[runs % RUNS_KEPT] = runSeq;
        runThreads[runs % RUNS_KEPT] = runThread;
        runs++;
        began();
    }

    /** A run has begun (perhaps unseen, before tracking started). */
    public void began() {
        lastRunAt = System.nanoTime();
        if (!schedule.kind().periodic() && state == SCHEDULED) {
            state = STARTED;
        }
    }

    /**
     * A run of the task, as kept for the finding's history.
     *
     * @param seq    position among scheduling events
     * @param thread the thread that ran it
     */
    public record Run(long seq, String thread) {
    }

    /** The last few runs, oldest first. */
    public synchronized List<Run> recentRuns() {
        List<Run> out = new ArrayList<>(RUNS_KEPT);
        for (int i = Math.max(0, runs - RUNS_KEPT); i < runs; i++) {
            out.add(new Run(runSeqs[i % RUNS_KEPT], runThreads[i % RUNS_KEPT]));
        }
        return out;
    }
}
