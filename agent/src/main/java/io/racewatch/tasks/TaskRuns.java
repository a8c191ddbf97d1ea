package io.racewatch.tasks;

import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.ThreadState;

/**
 * The runs of tracked tasks on the current thread: started and ended by the task wrappers (and
 * by a timer task's own run method), told by the map and lock probes what the task touches.
 * Callers hold the thread's probe guard.
 */
public final class TaskRuns {
    private TaskRuns() {
    }

    public static void begin(ThreadState ts, ScheduledTask task) {
        long seq = ScheduledTasks.nextSeq();
        String thread = Thread.currentThread().getName();
        task.runs(seq, thread);
        Closed closed = task.owner.closed();
        // A task scheduled before the close, or by the owner's own task after it, should not run any more.
        // A run that begins on a task already cancelled is one its scheduler committed to before the
        // cancel (schedulers check a task's state, then run it): cancel(false) lets it finish, as in flight.
        // The close's own work handed over is never late: running after the close returned is its point.
        boolean late = closed != null && !task.partOfClose() && (closed.seq() > task.seq || task.continuation)
            && task.status() != TaskStatus.CANCELLED;
        ts.taskRun = new TaskRun(task, ts.taskRun, seq, thread, ts.tid, late ? closed : null);
        if (task.ownerGone()) {
            ts.taskRun.afterCollection = true;
            ScheduledTasks.events.ownerCollected(task);
        }
    }

    public static void end(ThreadState ts, ScheduledTask task) {
        TaskRun run = ts.taskRun;
        if (run != null && run.task == task) {
            ts.taskRun = run.outer;
            if (run.afterCollection && task.schedule.kind().periodic()) {
                // A task that holds its owner weakly finds it gone in this run and cancels itself (or
                // its timer, or its executor): whether it did decides the owner-collected verdict.
                ScheduledTasks.events.ranAfterOwnerCollected(task);
            }
            if (run.lateAfter != null && !run.reported()) {
                run.markReported();
                ScheduledTasks.events.ranAfterClose(run, run.lateAfter);
            }
        }
        if (!task.schedule.kind().periodic()) {
            ScheduledTasks.finished(task);
        }
    }

    private static boolean stopped(ScheduledTask task) {
        TaskStatus s = task.status();
        return s == TaskStatus.CANCELLED || s == TaskStatus.SHUT_DOWN || s == TaskStatus.DONE;
    }

    /**
     * The run record of the task this thread runs, or null. A task can begin before the call that
     * scheduled it has returned and tracking has started: its record is started late, here.
     */
    private static TaskRun current(ThreadState ts) {
        if (ts.taskRun == null && ts.runningTask != null) {
            ScheduledTask task = ts.runningTask.tracked();
            if (task != null) {
                ts.taskRun = new TaskRun(task, null, task.seq, Thread.currentThread().getName(), ts.tid, null);
            }
        }
        return ts.taskRun;
    }

    /**
     * A map operation inside a task run. The first one made once the task's owner is closed is
     * reported at once, before the program can end: it is what the task did to a closed owner.
     *
     * <p>Locks are not touches. Taking its owner's lock is how a task asks whether the owner is still
     * open (what racewatch's own advice asks of a task that can still start: ActiveMQ's
     * PooledTaskRunner takes its task's monitor, finds the runner shut down and leaves), and how a
     * worker loop leaves after an asynchronous stop (Jetty's selector loop and reserved threads take
     * their pool's lifecycle lock on their way out, after its {@code stop()} returned). What the run
     * does to the owner's maps counts; a late run that touched none is reported at its end, as a run
     * after the close.
     */
    public static void touched(ThreadState ts, String op, int site) {
        touched(current(ts), op, site);
    }

    private static void touched(TaskRun run, String op, int site) {
        if (run == null || run.reported() || run.task.partOfClose()) {
            return; // the close's own work touches what it is closing
        }
        Closed closed = run.closeBefore(run.task.owner.closed());
        if (closed == null || !OwnerFields.mayHold(run.task, closed, Sites.get(site).receiverField)) {
            return;
        }
        run.markReported();
        if (run.lateAfter == null && stopped(run.task)) {
            return; // cancelled in the close: cancel(false) lets the run in flight finish, and that is clean
        }
        run.touched(new TaskRun.Touch(ScheduledTasks.nextSeq(), op, site, Stacks.capture()));
        ScheduledTasks.events.ranAfterClose(run, closed);
    }
}
