package io.racewatch.detect;

import io.racewatch.tasks.Closed;
import io.racewatch.tasks.HeldBy;
import io.racewatch.tasks.Schedule;
import io.racewatch.tasks.ScheduledTask;
import io.racewatch.runtime.Sites;
import io.racewatch.tasks.TaskRun;

/** The explanation of a {@code timer-outlives-owner} finding, in the words a reviewer would use. */
final class TimerMessages {
    private static final String FIX = " Cancel what an object schedules when its life ends: keep the Future and call"
        + " cancel(false), call TimerTask.cancel() or Timer.cancel(), or shutdownNow() an executor the object owns;"
        + " a task that can still start should check that its owner is open.";

    private TimerMessages() {
    }

    /** {@code waitedMs}: for a close, how long after it the task was found still scheduled. */
    static String describe(TimerOwnerDetector.Event event, ScheduledTask t, Closed closed, TaskRun run, Long nextRunMs, long waitedMs) {
        HeldBy helper = closed == null ? null : closed.heldBy();
        // A helper's task is charged to the object holding it: that is the owner whose close the reader knows.
        String owner = simple(helper == null ? t.owner.name : helper.holder());
        String task = "the task " + (helper == null ? owner + " scheduled" : "scheduled by its helper " + helperOf(helper))
            + " (" + t.schedule.op() + " at " + Sites.get(t.site).shortForm() + ", " + when(t.schedule) + ")";
        return switch (event) {
            case CLOSED -> ended(owner, closed) + " returned while " + task + " was scheduled, and " + waitedMs
                + " ms later it still is; " + next(nextRunMs)
                + ". It will " + (t.schedule.kind().periodic() ? "keep running" : "run") + " against a closed " + owner + "." + FIX;
            case RAN_AFTER_CLOSE -> ranAfter(owner, task, closed, run) + FIX;
            case OWNER_COLLECTED -> owner + " became unreachable and was collected while " + task
                + " is still scheduled: nothing can cancel it any more, and it runs for as long as its executor lives."
                + " Give " + owner + " a close() that cancels the task, and call it.";
            case EXIT -> "At exit " + task + " was still scheduled, although " + ended(owner, closed) + " had returned"
                + (t.continuation ? " (one of its own tasks scheduled it again after the close)" : "") + "; " + next(nextRunMs)
                + "." + FIX;
        };
    }

    /** {@code Connection.heartbeat (Heartbeat)}: the holder's field and the helper's class. */
    static String helperOf(HeldBy helper) {
        String field = helper.field();
        int dot = field.lastIndexOf('.');
        return simple(field.substring(0, dot)) + field.substring(dot) + " (" + simple(helper.helperClass()) + ")";
    }

    private static String ranAfter(String owner, String task, Closed closed, TaskRun run) {
        StringBuilder s = new StringBuilder();
        if (run.lateAfter != null) {
            s.append(capitalized(task)).append(" ran on ").append(run.thread).append(" after ").append(ended(owner, closed))
                .append(" had returned");
        } else {
            s.append(capitalized(task)).append(" was running on ").append(run.thread).append(" when ").append(ended(owner, closed))
                .append(" returned, and went on");
        }
        TaskRun.Touch touch = run.touch();
        if (touch == null) {
            return s.append('.').toString();
        }
        return s.append("; after the close it touched its state: ").append(touch.op()).append(" at ")
            .append(Sites.get(touch.site()).shortForm()).append('.').toString();
    }

    private static String ended(String owner, Closed closed) {
        return owner + "." + closed.op() + "()";
    }

    /** How often and when the task runs. */
    static String when(Schedule s) {
        long delay = TimerOwnerDetector.millis(s.delayNanos());
        long period = TimerOwnerDetector.millis(s.periodNanos());
        return switch (s.kind()) {
            case FIXED_RATE -> "every " + period + " ms at a fixed rate, first after " + delay + " ms";
            case FIXED_DELAY -> "every " + period + " ms after the previous run ends, first after " + delay + " ms";
            case ONCE -> "once, after " + delay + " ms";
            case TIMEOUT -> "a timeout of " + delay + " ms";
            case BACKGROUND -> "background work";
        };
    }

    static String next(Long nextRunMs) {
        if (nextRunMs == null) {
            return "it is waiting for a thread of its executor";
        }
        return nextRunMs >= 0 ? "next run in " + nextRunMs + " ms" : "its run is overdue by " + -nextRunMs + " ms";
    }

    /** {@code demo.jobs.Connection@1b6d3586} becomes {@code Connection@1b6d3586}. */
    static String simple(String qualified) {
        int at = qualified.indexOf('@');
        String type = at < 0 ? qualified : qualified.substring(0, at);
        String simple = type.substring(type.lastIndexOf('.') + 1);
        return at < 0 ? simple : simple + qualified.substring(at);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
