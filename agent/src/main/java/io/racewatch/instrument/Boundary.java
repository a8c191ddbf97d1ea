package io.racewatch.instrument;

/**
 * A pair of probes around a whole method: one at entry, one at every exit, normal or by an
 * exception. Each takes {@code (Object target, int site)}; the target is {@code this}, or the
 * class for a static synchronized method.
 */
enum Boundary {
    /** A synchronized method holds its monitor from entry to exit. */
    MONITOR(Probes.SYNC, "lockAcquired", "lockReleasing"),
    /** A method that ends its object's life: the tasks it scheduled must be stopped when it returns. */
    LIFECYCLE_END(Probes.SCHEDULING, "lifecycleBegins", "lifecycleEnds"),
    /** {@code TimerTask.run} of an application task: a timer task cannot be wrapped, so its run is watched from inside. */
    TIMER_TASK_RUN(Probes.SCHEDULING, "timerTaskBegins", "timerTaskEnds");

    final String probes;
    final String entry;
    final String exit;

    Boundary(String probes, String entry, String exit) {
        this.probes = probes;
        this.entry = entry;
        this.exit = exit;
    }
}
