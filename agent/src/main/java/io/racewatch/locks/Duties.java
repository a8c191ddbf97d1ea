package io.racewatch.locks;

/**
 * Starts racewatch's lock duties (hold sampling, the deadlock search, the periodic lock-wait
 * report, the clearing of the threads' object caches) when there is work for them: the first time a
 * thread holds or waits for a lock in watched code, or keeps an object in its caches. A program
 * that never does has no racewatch thread running.
 */
public final class Duties {
    private static volatile Runnable starter;
    private static volatile boolean started;
    /** True while the starter runs: lock work inside it (on this thread) must not start it again. */
    private static boolean starting;

    private Duties() {
    }

    /** What starts the duties; set once at start-up. */
    public static void startWith(Runnable start) {
        starter = start;
    }

    /** A lock is held or waited for: the duties are needed from now on. Cheap once started. */
    static void lockWork() {
        if (!started && starter != null) {
            startNow();
        }
    }

    /**
     * Runs the starter, and only then says the duties started: the starter starts the hold clock, and
     * a thread that sees {@link #started} reads that clock without coming here (LightHolds).
     */
    private static synchronized void startNow() {
        Runnable s = starter;
        if (!started && !starting && s != null) {
            starting = true;
            try {
                s.run();
            } finally {
                started = true;
            }
        }
    }

    /** Other work the watchdog does is waiting (a close's verdict): start the duties, wake a sleeping clock. */
    public static void needed() {
        lockWork();
        if (HoldClock.asleep()) {
            HoldClock.awake(); // the watchdog sleeps with the clock: wake it for what falls due
        }
    }

    /**
     * A thread's caches keep an object of the program (a sync object, a map): the watchdog lets go of
     * them twice a second, so it must run, also in a program that takes no lock. Starts the duties;
     * does not wake a sleeping hold clock (a cache filled is no hold). Cheap once started.
     */
    public static void objectsCached() {
        lockWork();
    }

    /** True once the duties have started. */
    public static boolean started() {
        return started;
    }

    /** For tests: forgets that the duties started, and starts them with {@code start} at the next lock work. */
    static synchronized void startAgainWith(Runnable start) {
        started = false;
        starting = false;
        starter = start;
    }
}
