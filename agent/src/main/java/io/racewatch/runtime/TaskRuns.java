package io.racewatch.runtime;

import io.racewatch.detect.TimerOwnerDetector;

/**
 * The runs of tracked tasks on the current thread: started and ended by the task wrappers (and
 * by a timer task's own run method), told by the map and lock probes what the task touches.
 * Callers hold the thread's probe guard.
 */
final class TaskRuns {
    private TaskRuns() {
    }

    static void begin(ThreadState ts, ScheduledTask task) {
        long seq = ScheduledTasks.nextSeq();
        String thread = Thread.currentThread().getName();
        task.runs(seq, thread);
        Closed closed = task.owner.closed();
        // A task scheduled before the close, or by the owner's own task after it, should not run any more.
        boolean late = closed != null && (closed.seq() > task.seq || task.continuation);
        ts.taskRun = new TaskRun(task, ts.taskRun, seq, thread, ts.tid, late ? closed : null);
        if (task.ownerGone()) {
            TimerOwnerDetector.ownerCollected(task);
        }
    }

    static void end(ThreadState ts, ScheduledTask task) {
        TaskRun run = ts.taskRun;
        if (run != null && run.task == task) {
            ts.taskRun = run.outer;
            TimerOwnerDetector.runEnded(run);
        }
        if (!task.schedule.kind().periodic()) {
            ScheduledTasks.finished(task);
        }
    }

    /** An application TimerTask's run() begins: ordered after its scheduling, and tracked like a wrapped task's run. */
    static void timerTaskBegins(ThreadState ts, Object task, int site) {
        SyncVars.of(ts, task).acquire(ts);
        ScheduledTask tracked = ScheduledTasks.timerTask(task);
        if (tracked != null) {
            begin(ts, tracked);
        }
    }

    static void timerTaskEnds(ThreadState ts, Object task, int site) {
        ScheduledTask tracked = ScheduledTasks.timerTask(task);
        if (tracked != null) {
            end(ts, tracked);
        }
    }

    /** A map or lock operation inside a task run: kept when the task's owner is closed by now. */
    static void touched(ThreadState ts, String op, int site) {
        TaskRun run = ts.taskRun;
        if (!run.wantsTouch() || run.closeBefore(run.task.owner.closed()) == null) {
            return;
        }
        String[] stack = run.touches().isEmpty() ? Stacks.capture() : null;
        run.touched(new TaskRun.Touch(ScheduledTasks.nextSeq(), op, site, stack));
    }
}
