package io.racewatch.tasks;

import io.racewatch.order.SyncVars;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.WeakIdentityTable;

/**
 * What {@code java.util.Timer} needs beyond the table of tasks. A {@code TimerTask} is an
 * application class and cannot be wrapped: its record is found from the task itself, its runs
 * are seen from inside its run() (rewritten), and cancellations are seen at their call sites.
 */
final class TimerTasks {
    private static final WeakIdentityTable<ScheduledTask> BY_TASK = new WeakIdentityTable<>();
    private static final WeakIdentityTable<Boolean> CANCELLED_TIMERS = new WeakIdentityTable<>();
    /** Runs of timer tasks not tracked when they began (a zero delay can beat the scheduling probe). */
    private static final WeakIdentityTable<EarlyRun> EARLY_RUNS = new WeakIdentityTable<>();

    /** A run of a timer task seen before the task was tracked. */
    private static final class EarlyRun {
        volatile boolean ended;
    }

    private TimerTasks() {
    }

    /** The record of a timer task, once tracked, or null. */
    static ScheduledTask recordOf(Object task) {
        return BY_TASK.get(task);
    }

    /** An application TimerTask's run() begins: ordered after its scheduling, and tracked like a wrapped task's run. */
    static void runBegins(ThreadState ts, Object task, int site) {
        SyncVars.of(ts, task).acquire(ts);
        ScheduledTask tracked = recordOf(task);
        if (tracked != null) {
            TestContext own = ScheduledTasks.chargeTo(tracked.context); // the run works for the test that scheduled it
            TaskRuns.begin(ts, tracked);
            ts.taskRun.outerContext = own;
        } else {
            ranUntracked(task, false);
        }
    }

    static void runEnds(ThreadState ts, Object task, int site) {
        ScheduledTask tracked = recordOf(task);
        if (tracked != null) {
            TaskRun run = ts.taskRun;
            TaskRuns.end(ts, tracked);
            if (run != null && run.task == tracked) {
                ScheduledTasks.chargeTo(run.outerContext);
            }
        } else {
            ranUntracked(task, true);
        }
    }

    /** A timer task was just tracked: it may have run already. */
    static void tracked(Object task, ScheduledTask record) {
        BY_TASK.putIfAbsent(task, record);
        EarlyRun early = EARLY_RUNS.get(task);
        if (early != null) {
            ranEarly(record, early.ended);
        }
    }

    /**
     * A run of a timer task that was not tracked when the run began or ended (not yet, or never:
     * scheduled by static code or a library). Each side checks the other after writing its own
     * mark (both tables are locked), so a registration racing the run sees it either way.
     */
    static void ranUntracked(Object task, boolean ended) {
        EarlyRun early = EARLY_RUNS.get(task);
        if (early == null) {
            early = EARLY_RUNS.putIfAbsent(task, new EarlyRun());
        }
        early.ended |= ended;
        ScheduledTask record = BY_TASK.get(task);
        if (record != null) {
            ranEarly(record, ended);
        }
    }

    private static void ranEarly(ScheduledTask record, boolean ended) {
        if (ended && !record.schedule.kind().periodic()) {
            ScheduledTasks.finished(record);
        } else {
            record.began();
        }
    }

    /** TimerTask.cancel(): the task will not run again, whatever the call returned. */
    static void cancelled(Object task) {
        ScheduledTask record = BY_TASK.get(task);
        if (record != null) {
            record.cancelled();
            ScheduledTasks.drop(record);
        }
    }

    /** Timer.cancel(): none of its tasks will run again. */
    static void timerCancelled(Object timer) {
        CANCELLED_TIMERS.putIfAbsent(timer, Boolean.TRUE);
    }

    static boolean isCancelledTimer(Object timer) {
        return CANCELLED_TIMERS.get(timer) != null;
    }
}
