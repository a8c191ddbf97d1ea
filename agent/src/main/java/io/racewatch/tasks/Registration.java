package io.racewatch.tasks;

import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

/**
 * A scheduling call as the scheduling thread saw it: everything its {@link ScheduledTask} record
 * needs from that thread and moment (clock slot, name, test, sequence number, stack classes, the
 * task it was running), so that the record can be made later, on any thread ({@link DeferredTasks}).
 * Holds the owner strongly: only until the record is made or dropped.
 */
final class Registration {
    final Object owner;
    final Object handle;
    final Object scheduler;
    final WrappedTask wrapped;
    final Schedule schedule;
    final String taskClass;
    final int site;
    final int tid;
    final String thread;
    final TestContext context;
    final long seq;
    /** See {@link ScheduledTask#scheduledFrom}; null when not walked or not wanted. */
    final Class<?>[] scheduledFrom;
    /** The owners of the tasks the scheduling thread was running (its run record's, its wrapper's), or null. */
    private final OwnerState runningFor;
    private final OwnerState wrapperFor;

    Registration(ThreadState ts, Object owner, Object handle, Object scheduler, WrappedTask wrapped, Schedule schedule,
                 String taskClass, int site, Class<?>[] scheduledFrom) {
        this.owner = owner;
        this.handle = handle;
        this.scheduler = scheduler;
        this.wrapped = wrapped;
        this.schedule = schedule;
        this.taskClass = taskClass;
        this.site = site;
        this.tid = ts.tid;
        this.thread = Thread.currentThread().getName();
        this.context = ts.context;
        this.seq = ScheduledTasks.nextSeq();
        this.scheduledFrom = scheduledFrom;
        this.runningFor = ts.taskRun == null ? null : ts.taskRun.task.owner;
        ScheduledTask running = ts.runningTask == null ? null : ts.runningTask.tracked();
        this.wrapperFor = running == null ? null : running.owner;
    }

    /**
     * True when the scheduling thread was running a task of {@code owner} then. Asked of the
     * running wrapper too: a task that began before its scheduling call returned has no run record.
     */
    boolean fromTaskOf(OwnerState owner) {
        return runningFor == owner || wrapperFor == owner;
    }
}
