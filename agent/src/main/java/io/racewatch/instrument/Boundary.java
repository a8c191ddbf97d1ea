package io.racewatch.instrument;

/**
 * A pair of probes around a whole instance method: one at entry, one at every exit, normal or
 * by an exception. Each takes {@code (Object this, int site)}. (A synchronized method's monitor
 * is handled the same way by {@link ProbeInserter}, with more steps.)
 */
enum Boundary {
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
