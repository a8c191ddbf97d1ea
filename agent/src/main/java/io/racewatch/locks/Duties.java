package io.racewatch.locks;

/**
 * Starts racewatch's lock duties (hold sampling, the deadlock search, the periodic lock-wait
 * report) when there is lock work to watch: the first time a thread holds or waits for a lock in
 * watched code. A program that never does has no racewatch thread running.
 */
public final class Duties {
    private static volatile Runnable starter;
    private static volatile boolean started;

    private Duties() {
    }

    /** What starts the duties; set once at start-up. */
    public static void startWith(Runnable start) {
        starter = start;
    }

    /** A lock is held or waited for: the duties are needed from now on. Cheap once started. */
    static void lockWork() {
        if (!started) {
            startNow();
        }
    }

    private static synchronized void startNow() {
        Runnable s = starter;
        if (!started && s != null) {
            started = true;
            s.run();
        }
    }

    /** Other work the watchdog does is waiting (a close's verdict): start the duties now. */
    public static void needed() {
        lockWork();
    }

    /** True once the duties have started. */
    public static boolean started() {
        return started;
    }
}
