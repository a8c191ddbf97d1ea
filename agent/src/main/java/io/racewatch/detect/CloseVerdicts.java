package io.racewatch.detect;

import io.racewatch.locks.Duties;
import io.racewatch.runtime.TestContext;
import io.racewatch.tasks.Closed;
import io.racewatch.tasks.Schedule;
import io.racewatch.tasks.ScheduledTask;
import io.racewatch.tasks.TaskStatus;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The verdict on a task still scheduled when its owner's close returned, given a moment later.
 * Many owners end asynchronously: a Jetty or Netty endpoint's {@code close()} can return while
 * another thread finishes the close and cancels the endpoint's timeout. Calling the task left
 * behind at the close's return blames such code for nothing, so the check waits {@code closeGraceMs}
 * and reports only a task that is still scheduled then. It is settled earlier when the task runs
 * (a run after the close means it was left behind), when a test's scope ends, and at exit.
 */
public final class CloseVerdicts {
    private static final ConcurrentLinkedQueue<Pending> PENDING = new ConcurrentLinkedQueue<>();
    private static volatile long graceNanos = 1_000_000_000L;

    /**
     * A task live at its owner's close, to check once the grace has passed. {@code handle} holds the task's
     * future until then: an executor shut down right after the close drops the task it drains, and a
     * collection would then clear racewatch's weak handle, which reads as "nothing can run it: clean"
     * (the demo's status poller, lost whenever a collection fell in its grace). {@code closed} is null
     * for a periodic task whose owner was collected instead ({@link #deferCollected}); its
     * {@code closedAtNanos} is then the task's next due time.
     */
    private record Pending(ScheduledTask task, Closed closed, TestContext context, long closedAtNanos, Object handle) {
        /** Waiting on a collected owner's task (no close): its run, its due time or exit settles it. */
        boolean ownerCollected() {
            return closed == null;
        }
    }

    private CloseVerdicts() {
    }

    /** How long a task may stay scheduled after its owner's close before it is reported. */
    public static void graceMillis(long millis) {
        graceNanos = millis * 1_000_000L;
    }

    /** {@code tasks} were live when {@code closed} returned: check them once the grace has passed. */
    static void defer(List<ScheduledTask> tasks, Closed closed) {
        long now = System.nanoTime();
        TestContext context = TestContext.current();
        for (ScheduledTask t : tasks) {
            if (t.status() == TaskStatus.PENDING) {
                // Work whose run decides is not held: nothing else holding it means it can never run.
                PENDING.add(new Pending(t, closed, context, now, awaitsItsRun(t, closed) ? null : t.handle()));
            }
        }
        Duties.needed(); // the watchdog settles what falls due
    }

    /**
     * {@code task}'s owner was collected while the task is still scheduled: judged at the end of its
     * next run ({@link #ranAfterCollection}), or {@code closeGraceMs} past its next due time, or at exit,
     * whichever comes first. A task that holds its owner weakly finds it gone in that run and cancels
     * itself, its future or its timer (Hadoop's DecayRpcScheduler): clean. Nothing is held strongly
     * here: a task that nothing holds any more can never run, and reads as done.
     */
    static void deferCollected(ScheduledTask task) {
        for (Pending p : PENDING) {
            if (p.task == task && p.ownerCollected()) {
                return; // already waiting: seen by the sweep and again by the run that noticed it
            }
        }
        Long next = task.nextRunMillis();
        long due = System.nanoTime() + (next == null ? 0 : Math.max(0, next) * 1_000_000L);
        PENDING.add(new Pending(task, null, TestContext.current(), due, null));
        Duties.needed();
    }

    /** A run of {@code task} that began after its owner was collected ended: its verdict is due now. */
    static void ranAfterCollection(ScheduledTask task) {
        if (!PENDING.isEmpty()) {
            settle(p -> p.task == task && p.ownerCollected(), true);
        }
    }

    /**
     * True when no close awaits its verdict (the watchdog may sleep). A collected owner's task does
     * not keep it awake: its run settles it (its due time, perhaps a day off, is only the fallback
     * for a run that never comes), and so does exit.
     */
    static boolean nonePending() {
        for (Pending p : PENDING) {
            if (!p.ownerCollected()) {
                return false;
            }
        }
        return true;
    }

    /** The watchdog's duty: settles every check whose grace has passed. */
    public static void settleDue() {
        if (PENDING.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long grace = graceNanos;
        settle(p -> now - p.closedAtNanos >= grace && !(awaitsItsRun(p.task, p.closed) && p.task.status() == TaskStatus.PENDING), true);
    }

    /**
     * One-shot background work of the owner's from before its close: while it waits for a thread of
     * its executor its verdict waits for its run (see {@link TimerOwnerDetector#inFlight}), or for the
     * test's end or exit if it never gets one. Waiting past the grace is not outliving anything yet (an
     * owner often cannot cancel it: {@code execute} gives no handle); whether it acts on the closed
     * owner is what its run shows. Once it is no longer waiting (running, cancelled, cut off by its
     * executor's end) the grace settles it as any other task.
     */
    static boolean awaitsItsRun(ScheduledTask task, Closed closed) {
        return closed != null && task.schedule.kind() == Schedule.Kind.BACKGROUND && task.seq < closed.seq();
    }

    /** {@code task} is about to run after its owner's close: it was left scheduled, whatever the grace. */
    static void settle(ScheduledTask task) {
        if (!PENDING.isEmpty()) {
            settle(p -> p.task == task, false);
        }
    }

    /** {@code task} ran and is clean: its check is dropped unmade. */
    static void forget(ScheduledTask task) {
        for (Iterator<Pending> it = PENDING.iterator(); it.hasNext(); ) {
            if (it.next().task == task) {
                it.remove();
            }
        }
    }

    /**
     * A test's scope ends: its closes are settled now, after waiting out what is left of their grace
     * (at most {@code closeGraceMs}), so that their findings are the test's.
     */
    public static void settleFor(TestContext context) {
        long latest = Long.MIN_VALUE;
        boolean any = false;
        for (Pending p : PENDING) {
            if (p.context == context && !p.ownerCollected()) {
                latest = any ? Math.max(latest, p.closedAtNanos) : p.closedAtNanos;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        long waitNanos = latest + graceNanos - System.nanoTime();
        // Wait only while one of them is still scheduled: a cancelled task needs no more time.
        while (waitNanos > 0 && anyScheduled(context)) {
            try {
                Thread.sleep(Math.min(10, Math.max(1, waitNanos / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waitNanos = latest + graceNanos - System.nanoTime();
        }
        // A collected owner's task is not the test's to settle: its run, its due time or exit does.
        settle(p -> p.context == context && !p.ownerCollected(), true);
    }

    /** At exit: every check still open is settled. */
    public static void settleAll() {
        for (Pending p : PENDING) {
            // A collected owner's task whose run never came before exit, built to notice the collection
            // at that run (it holds its owner weakly): what the run would have done is not known, and
            // the pattern is the correct one. A task with no such reference is reported below.
            if (p.ownerCollected() && p.task.status() == TaskStatus.PENDING && OwnerWatchers.watchesItsOwner(p.task.ownTask())) {
                PENDING.remove(p);
            }
        }
        settle(EVERY, true); // even with none pending: waits for a settler still publishing (synchronized)
    }

    /** A named class, not a lambda: a lambda is a class spun at every exit. */
    private static final java.util.function.Predicate<Pending> EVERY = new java.util.function.Predicate<>() {
        @Override
        public boolean test(Pending p) {
            return true;
        }
    };

    private static boolean anyScheduled(TestContext context) {
        for (Pending p : PENDING) {
            if (p.context == context && !p.ownerCollected() && leftBehind(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Still left behind: scheduled, or cut off only by its executor's shutdown or end since the close
     * (not the owner's clean-up: a shut-down executor still runs delayed one-shots, and a program that
     * ends its executor right after would hide the leak). Cancelled or run: clean.
     */
    private static boolean leftBehind(Pending p) {
        ScheduledTask t = p.task;
        if (p.ownerCollected()) {
            // The owner is gone: only the task itself can stop now, and a cancel, a cancelled timer or
            // a shut-down executor (which drops periodic work) all do.
            return t.status() == TaskStatus.PENDING;
        }
        if (awaitsItsRun(t, p.closed)) {
            // Background work whose run decides: still queued is left behind; dropped unrun by its
            // executor's end (or by everything that held it) never ran against the closed owner.
            TaskStatus s = t.status();
            return s == TaskStatus.PENDING || s == TaskStatus.SHUT_DOWN;
        }
        return switch (t.status()) {
            case PENDING -> true;
            case RUNNING, CANCELLED -> false;
            case DONE, SHUT_DOWN -> !t.cancelledOrRan();
        };
    }

    /**
     * Reports the due checks whose task is still scheduled ({@code whileScheduled}) or, when false, all
     * of them. One settler at a time: a test's scope that settles its closes must not end while the
     * watchdog is still publishing one of them (the finding would land outside the test).
     */
    private static synchronized void settle(java.util.function.Predicate<Pending> due, boolean whileScheduled) {
        for (Iterator<Pending> it = PENDING.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (due.test(p) && PENDING.remove(p) && (!whileScheduled || leftBehind(p))) {
                TestContext own = TestContext.swap(p.context);
                try {
                    if (p.ownerCollected()) {
                        TimerOwnerDetector.collectedAndLeft(p.task);
                    } else {
                        TimerOwnerDetector.leftScheduled(p.task, p.closed, System.nanoTime() - p.closedAtNanos);
                    }
                } finally {
                    TestContext.swap(own);
                }
            }
        }
    }
}
