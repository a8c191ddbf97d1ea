package io.racewatch.tasks;

import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

import java.lang.ref.WeakReference;

/**
 * A scheduling call as the scheduling thread saw it: everything its {@link ScheduledTask} record
 * needs from that thread and moment (clock slot, name, test, sequence number, stack classes, the
 * task it was running), so that the record can be made later, on any thread ({@link DeferredTasks}).
 * The owner is the referent, held weakly: a call waiting for its record keeps no owner alive. The
 * task's future and wrapper are held until the record is made or dropped.
 */
final class Registration extends WeakReference<Object> {
    // Not final: the thread that takes its own settled call back out of its slot may fill it
    // again for its next call of the same owner (see DeferredTasks#takeOwn); other threads reach
    // it only through the slot, whose volatile swap orders the fields.
    Object handle;
    Object scheduler;
    /**
     * Weak: a waiting call must not keep the task alive (a program that cancels a task may wait for
     * it to be collected). While the task can still run, its future (or the thread running it) holds it.
     */
    private WeakReference<WrappedTask> wrapped;
    Schedule schedule;
    String taskClass;
    int site;
    final int tid;
    String thread;
    TestContext context;
    long seq;
    /** See {@link ScheduledTask#scheduledFrom}; null when not walked or not wanted. */
    Class<?>[] scheduledFrom;
    /** Background work handed over while its owner's lifecycle end ran on the scheduling thread: see {@link ScheduledTask#partOfClose()}. */
    boolean inClose;
    /** One-shot work an executor owner hands on for a caller: see {@link CallerWork}. */
    boolean forCallers;
    /** The task run the scheduling thread was in, or null. */
    private ScheduledTask running;
    /** The wrapper of the task it was running, or null: asked for its record when this call's is made (it may be waiting too). */
    private WrappedTask runningWrapper;

    Registration(ThreadState ts, Object owner, Object handle, Object scheduler, WrappedTask wrapped, Schedule schedule,
                 String taskClass, int site, Class<?>[] scheduledFrom) {
        super(owner);
        this.tid = ts.tid;
        fill(ts, handle, scheduler, wrapped, schedule, taskClass, site, scheduledFrom);
    }

    /**
     * This call made again for another of its owner's calls on the same thread: only for a call
     * its thread took back settled from its slot, so no one else holds it.
     */
    Registration fill(ThreadState ts, Object handle, Object scheduler, WrappedTask wrapped, Schedule schedule,
                      String taskClass, int site, Class<?>[] scheduledFrom) {
        this.handle = handle;
        this.scheduler = scheduler;
        this.wrapped = wrapped == null ? null : new WeakReference<>(wrapped);
        this.schedule = schedule;
        this.taskClass = taskClass;
        this.site = site;
        this.thread = Thread.currentThread().getName();
        this.context = ts.context;
        this.seq = ScheduledTasks.nextSeq();
        this.scheduledFrom = scheduledFrom;
        this.running = ts.taskRun == null ? null : ts.taskRun.task;
        this.runningWrapper = ts.runningTask;
        return this;
    }

    /** racewatch's wrapper of the task, or null (none, or collected: the task can no longer run). */
    WrappedTask wrapped() {
        WeakReference<WrappedTask> w = wrapped;
        return w == null ? null : w.get();
    }

    /**
     * True when the scheduling thread was running a task of {@code owner} then. Asked of the
     * running wrapper too: a task that began before its scheduling call returned has no run record.
     */
    boolean fromTaskOf(OwnerState owner) {
        return runningTaskOf(owner) != null;
    }

    /** The task the scheduling thread was running then if it has no record yet (not tracked, or not yet), else null. */
    WrappedTask runningUntracked() {
        return running == null && runningWrapper != null && runningWrapper.tracked() == null ? runningWrapper : null;
    }

    /** The task of {@code owner} the scheduling thread was running then, or null. */
    ScheduledTask runningTaskOf(OwnerState owner) {
        if (running != null && running.owner == owner) {
            return running;
        }
        ScheduledTask wrapped = runningWrapper == null ? null : runningWrapper.tracked();
        return wrapped != null && wrapped.owner == owner ? wrapped : null;
    }
}
