package io.racewatch.tasks;

import java.util.concurrent.Executor;

/**
 * An executor's own {@code shutdown()}: its contract ({@code ExecutorService.shutdown()}) is that
 * work submitted before it still runs. Hazelcast's {@code CachedExecutorServiceDelegate.shutdown()}
 * sets a flag and lets its queue drain; Netty's tests' {@code DelayingExecutor.shutdown()} shuts its
 * scheduled executor down, which still runs the delayed one-shots it handed there. So when the
 * owner that ends is an {@link Executor} and its end is {@code shutdown()}, the one-shot work
 * (background or delayed) it handed on for its callers before ({@link CallerWork}) is the shutdown
 * going on, as a close's own hand-offs are ({@link ScheduledTask#partOfClose()}): neither left
 * behind nor late when it runs after, whatever it touches (draining its queue is the executor's
 * job), and what that work hands over in turn is the drain too.
 *
 * <p>Still reported: periodic work left scheduled (a scheduled executor's {@code shutdown()} cancels
 * periodic tasks; nothing in the contract lets them run on), the executor's own work (housekeeping
 * it scheduled outside a caller's hand-off), timeouts, work scheduled after the shutdown returned by
 * its own tasks, and any owner's end by another name ({@code close()}, {@code stop()}) or an owner
 * that is not an executor (its work is not a queue it promised to run).
 */
final class ShutdownDrains {
    static final String SHUTDOWN = "shutdown";

    private ShutdownDrains() {
    }

    /** Whether {@code owner}'s end, the method {@code op}, drains the work it handed on. */
    static boolean drains(Object owner, String op) {
        return owner instanceof Executor && SHUTDOWN.equals(op);
    }

    /** Whether {@code schedule}'s work, scheduled by an executor, is the kind a shutdown drains: one-shot. */
    static boolean drainable(Schedule schedule) {
        Schedule.Kind k = schedule.kind();
        return k == Schedule.Kind.BACKGROUND || k == Schedule.Kind.ONCE;
    }

    /** Marks the work {@code state}'s owner handed on for its callers before {@code closed} as the shutdown's own. */
    static void drain(OwnerState state, Closed closed) {
        for (ScheduledTask t : state.tasks()) {
            if (t.forCallers && t.seq < closed.seq() && drainable(t.schedule)) {
                t.drainedByShutdown();
            }
        }
    }
}
