package io.racewatch.tasks;

import java.util.concurrent.TimeUnit;

/**
 * How a task was handed over: the call that did it and when the task runs.
 *
 * @param op          the JDK method called ({@code scheduleAtFixedRate}, {@code submit}, ...)
 * @param kind        one-shot, periodic, a timeout or plain background work
 * @param delayNanos  until the first run (0 for background work)
 * @param periodNanos between runs, 0 for a task that runs once
 */
public record Schedule(String op, Kind kind, long delayNanos, long periodNanos) {

    /** The shapes of scheduled work. */
    public enum Kind {
        /** Runs once after a delay ({@code schedule}, a timer's one-shot, a delayed executor). */
        ONCE("once"),
        /** Runs every period from its first run's scheduled time. */
        FIXED_RATE("fixed-rate"),
        /** Runs again a period after each run ends. */
        FIXED_DELAY("fixed-delay"),
        /** Completes a future exceptionally or with a value unless it completes first ({@code orTimeout}). */
        TIMEOUT("timeout"),
        /** Runs once as soon as a thread is free ({@code execute}, {@code submit}, {@code runAsync}). */
        BACKGROUND("background");

        /** The name used in reports. */
        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public boolean periodic() {
            return this == FIXED_RATE || this == FIXED_DELAY;
        }
    }

    static Schedule once(String op, long delay, TimeUnit unit) {
        long nanos = nanos(delay, unit);
        Schedule last = lastOnce;
        if (last != null && last.delayNanos == nanos && last.op == op) { // op: a constant of the probes
            return last; // a site that schedules a timeout per request asks for the same one each time
        }
        last = new Schedule(op, Kind.ONCE, nanos, 0);
        lastOnce = last;
        return last;
    }

    /** The last one-shot schedule made: immutable (final fields), so shared between threads as it is. */
    private static Schedule lastOnce;

    static Schedule periodic(String op, boolean fixedRate, long delay, long period, TimeUnit unit) {
        return new Schedule(op, fixedRate ? Kind.FIXED_RATE : Kind.FIXED_DELAY, nanos(delay, unit), nanos(period, unit));
    }

    static Schedule background(String op) {
        return new Schedule(op, Kind.BACKGROUND, 0, 0);
    }

    private static long nanos(long amount, TimeUnit unit) {
        return unit == null ? 0 : Math.max(0, unit.toNanos(amount));
    }
}
