package io.racewatch.tasks;

import io.racewatch.runtime.TestContext;

/**
 * One run of a tracked task on one thread: whether it began after its owner closed, and the
 * first thing (a map or lock operation) it touched once the owner was closed. Runs nest when a
 * task runs another inline.
 */
public final class TaskRun {
    /**
     * A map or lock operation made by the run after its owner closed.
     *
     * @param seq   position among scheduling events
     * @param op    the operation ({@code get}, {@code put}, {@code lock})
     * @param site  its call site
     * @param stack its stack
     */
    public record Touch(long seq, String op, int site, String[] stack) {
    }

    public final ScheduledTask task;
    final TaskRun outer;
    /** Position among scheduling events of the run's beginning. */
    public final long seq;
    public final String thread;
    final int tid;
    /** The owner's close this run began after, or null when it began before any close. */
    public final Closed lateAfter;
    private Touch touch;
    private boolean reported;
    /** Began after the task's owner was collected: its end is when the task had its chance to cancel itself. */
    boolean afterCollection;
    /** The thread's test before a timer task's run took its scheduler's test, to give back at its end. */
    TestContext outerContext;

    TaskRun(ScheduledTask task, TaskRun outer, long seq, String thread, int tid, Closed lateAfter) {
        this.task = task;
        this.outer = outer;
        this.seq = seq;
        this.thread = thread;
        this.tid = tid;
        this.lateAfter = lateAfter;
    }

    /**
     * The close that makes a touch now a touch of a closed owner, or null: any close when the run
     * began late; else a close made by another thread after the run began (a task that closes its
     * own owner goes on legitimately).
     */
    Closed closeBefore(Closed current) {
        if (current == null) {
            return null;
        }
        if (lateAfter != null) {
            return current;
        }
        return current.seq() > seq && current.tid() != tid ? current : null;
    }

    /** The first operation the run made on its closed owner, or null. */
    public Touch touch() {
        return touch;
    }

    void touched(Touch t) {
        touch = t;
    }

    /** A run is reported once: at its first touch after the close, or at its end. */
    boolean reported() {
        return reported;
    }

    void markReported() {
        reported = true;
    }
}
