package io.racewatch.detect;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.report.Severity;
import io.racewatch.report.HistoryRow;
import io.racewatch.tasks.Closed;
import io.racewatch.tasks.ScheduledTask;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.tasks.TaskRun;
import io.racewatch.tasks.TaskStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detects {@code timer-outlives-owner}: work an object scheduled that outlives the object.
 * <ul>
 *   <li>{@link #ownerClosed}: the owner's lifecycle end returned while a task it scheduled is
 *       still scheduled (periodic, or one-shot not yet run), and it still is a moment later
 *       (see {@link CloseVerdicts});</li>
 *   <li>{@link #ranAfterClose}: a task ran after its owner was closed, with what it touched;</li>
 *   <li>{@link #ownerCollected}: the owner became unreachable while its periodic task is still scheduled;</li>
 *   <li>{@link #stillScheduledAtExit}: at JVM exit, a task is still scheduled although its owner closed.</li>
 * </ul>
 * A cancelled task, or one whose executor was shut down, is clean. Findings about one task and
 * one close share their sites, so a task reported at the close is counted, not reported again,
 * when it runs or is still there at exit; a run that touched something is its own finding.
 */
public final class TimerOwnerDetector {
    public static final String KIND = "timer-outlives-owner";
    /** Stands for the missing close in the sites of an owner that was collected instead. */
    private static final int COLLECTED = -1;

    /** The moments a finding is made at, named in its {@code event} detail. */
    enum Event {
        CLOSED("closed"), RAN_AFTER_CLOSE("ran-after-close"), OWNER_COLLECTED("owner-collected"), EXIT("exit");

        final String label;

        Event(String label) {
            this.label = label;
        }
    }

    private TimerOwnerDetector() {
    }

    /** (a) The owner's outermost lifecycle-end method returned; {@code tasks} are its live tasks. */
    public static void ownerClosed(List<ScheduledTask> tasks, Closed closed) {
        CloseVerdicts.defer(tasks, closed);
    }

    /** (a, settled) {@code t} is still scheduled {@code waitedNanos} after {@code closed} returned. */
    static void leftScheduled(ScheduledTask t, Closed closed, long waitedNanos) {
        report(t, closed, Event.CLOSED, null, waitedNanos);
    }

    /**
     * (b) A run touched its owner's state after {@code closed}, or began after it and ended
     * without touching anything racewatch sees.
     */
    public static void ranAfterClose(TaskRun run, Closed closed) {
        if (inFlight(run)) {
            CloseVerdicts.forget(run.task);
            return;
        }
        CloseVerdicts.settle(run.task); // it ran, so it was left scheduled: that verdict comes first
        report(run.task, closed, Event.RAN_AFTER_CLOSE, run);
    }

    /**
     * One-shot background work ({@code execute}, {@code submit}) queued before the close whose run
     * came after it and touched nothing of the owner's: work in flight when an owner ends (an event
     * Netty queued on the loop before a channel's close and delivers right after it, an SSL task
     * waiting for its executor's thread when a handshake timeout closes the channel), nothing
     * outlived. What a user means by work outliving its owner is a timer left to run later (delayed,
     * periodic, a timeout: reported at the close whatever its run does), work that never got to run
     * (reported at the test's end or at exit, see {@link CloseVerdicts}), or a run that acts on the
     * closed owner (reported at what it touched).
     */
    static boolean inFlight(TaskRun run) {
        return run.lateAfter != null && run.touch() == null && CloseVerdicts.awaitsItsRun(run.task, run.lateAfter);
    }

    /**
     * (c) The task's owner was collected: a periodic task still scheduled can never be cancelled by
     * it. Not for an owner that closed first: its close already said the task was left behind. The
     * verdict waits for the task's next run (see {@link CloseVerdicts#deferCollected}): a task that
     * holds its owner weakly (so as not to keep it alive) finds it gone there and cancels itself.
     */
    public static void ownerCollected(ScheduledTask t) {
        if (t.schedule.kind().periodic() && t.owner.closed() == null && t.status() == TaskStatus.PENDING) {
            CloseVerdicts.deferCollected(t);
        }
    }

    /** (c, settled at the run) A run that began after the owner's collection ended: still scheduled is reported. */
    public static void ranAfterOwnerCollected(ScheduledTask t) {
        CloseVerdicts.ranAfterCollection(t);
    }

    /** (c, settled) {@code t} is still scheduled after its first run (or its due time) since its owner was collected. */
    static void collectedAndLeft(ScheduledTask t) {
        if (t.owner.closed() == null) {
            report(t, null, Event.OWNER_COLLECTED, null);
        }
    }

    /** (d) At exit the task is still scheduled and its owner has closed. */
    public static void stillScheduledAtExit(ScheduledTask t, Closed closed) {
        report(t, closed, Event.EXIT, null);
    }

    /** Dedup sites: scheduling and close (a touch-less late run or a task still there at exit repeats its close finding). */
    static int[] sites(ScheduledTask t, Closed closed, TaskRun run) {
        int close = closed == null ? COLLECTED : closed.site();
        TaskRun.Touch touch = run == null ? null : run.touch();
        return touch == null ? new int[] {t.site, close} : new int[] {t.site, close, touch.site()};
    }

    private static void report(ScheduledTask t, Closed closed, Event event, TaskRun run) {
        report(t, closed, event, run, 0);
    }

    private static void report(ScheduledTask t, Closed closed, Event event, TaskRun run, long waitedNanos) {
        int[] sites = sites(t, closed, run);
        if (Findings.repeat(KIND, sites)) {
            return;
        }
        List<Access> accesses = new ArrayList<>();
        Site scheduled = Sites.get(t.site);
        accesses.add(new Access(t.thread, t.schedule.op(), scheduled, stackOr(scheduled.stackFor(t.tid, t.thread), scheduled), t.seq));
        if (closed != null) {
            Site at = Sites.get(closed.site());
            accesses.add(new Access(closed.thread(), closed.op(), at, stackOr(closed.stack(), at), closed.seq()));
        }
        if (run != null) {
            TaskRun.Touch touch = run.touch();
            accesses.add(new Access(run.thread, "run", scheduled, stackOr(touch == null ? null : touch.stack(), scheduled), run.seq));
            if (touch != null) {
                Site at = Sites.get(touch.site());
                accesses.add(new Access(run.thread, touch.op(), at, stackOr(touch.stack(), at), touch.seq()));
            }
        }
        Long next = t.nextRunMillis();
        String message = TimerMessages.describe(event, t, closed, run, next, millis(waitedNanos));
        Finding.Resource resource = new Finding.Resource("task", t.schedule.op() + " at " + scheduled.shortForm(),
            t.taskClass == null ? "unknown" : t.taskClass, null, details(t, closed, event, next));
        Findings.publish(new Finding(KIND, message, resource, accesses, history(t, closed, run), true, sites, severity(event, run)));
    }

    /** A task that touched its closed owner's state is a bug; one merely left scheduled is a leak, a warning. */
    static Severity severity(Event event, TaskRun run) {
        if (event == Event.RAN_AFTER_CLOSE && run != null && run.touch() != null) {
            return Severity.error("the task ran after its owner closed and touched the owner's state");
        }
        return Severity.ofKind(KIND);
    }

    private static String[] stackOr(String[] stack, Site site) {
        return stack != null ? stack : new String[] {site.frame()};
    }

    private static Map<String, Object> details(ScheduledTask t, Closed closed, Event event, Long next) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("owner", t.owner.name);
        if (closed != null && closed.heldBy() != null) {
            // The owner is a helper: the object that held it, and in which field, closed.
            d.put("heldBy", closed.heldBy().holder());
            d.put("heldIn", closed.heldBy().field());
        }
        d.put("event", event.label);
        d.put("schedule", t.schedule.kind().label);
        d.put("delayMs", millis(t.schedule.delayNanos()));
        if (t.schedule.kind().periodic()) {
            d.put("periodMs", millis(t.schedule.periodNanos()));
        }
        if (next != null) {
            d.put("nextRunMs", next);
        }
        return d;
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** The task's events in order: scheduled, its last runs, the close, and what a late run touched first. */
    private static List<HistoryRow> history(ScheduledTask t, Closed closed, TaskRun run) {
        Site scheduled = Sites.get(t.site);
        TreeMap<Long, HistoryRow> bySeq = new TreeMap<>();
        bySeq.put(t.seq, new HistoryRow(t.seq, t.thread, t.schedule.op(), scheduled));
        for (ScheduledTask.Run r : t.recentRuns()) {
            bySeq.put(r.seq(), new HistoryRow(r.seq(), r.thread(), "run", scheduled));
        }
        if (closed != null) {
            bySeq.put(closed.seq(), new HistoryRow(closed.seq(), closed.thread(), closed.op(), Sites.get(closed.site())));
        }
        if (run != null) {
            bySeq.put(run.seq, new HistoryRow(run.seq, run.thread, "run", scheduled));
            TaskRun.Touch touch = run.touch();
            if (touch != null) {
                bySeq.put(touch.seq(), new HistoryRow(touch.seq(), run.thread, touch.op(), Sites.get(touch.site())));
            }
        }
        return new ArrayList<>(bySeq.values());
    }
}
