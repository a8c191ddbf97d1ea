package io.racewatch.runtime;

/**
 * Staging mode's sampling windows: stretches of time in which probes record; between them map,
 * happens-before, task and scheduling probes do one check and return.
 *
 * <p>Soundness: {@link #state} only grows; odd values are open windows, each its own epoch. A
 * thread's probes read it in order, so along any happens-before chain between two accesses
 * recorded in one epoch every synchronization probe read that same epoch and was recorded too.
 * Map state is kept per epoch ({@link MapShadows} makes a fresh shadow when a window opens), so
 * an access from an earlier window, whose edges may have been skipped since, is never compared
 * with a later one: sampling can miss a race but cannot invent one.
 *
 * <p>In test mode the state stays 1: one window, open for the whole run.
 */
public final class SamplingWindows {
    /** Odd: a window is open (the value names its epoch); even: closed. */
    static volatile int state = 1;
    /** True in staging mode: lock holds are timed on the light path (io.racewatch.locks.LightHolds). */
    static boolean staging;
    /**
     * True when probes call their in-window (recording) part out of line (@DontInline), so that the
     * JIT inlines only the window check into the application's code: in every mode. Test mode once
     * called the recording part inlinable; the JIT then inlined the whole path (guard, thread
     * look-up, var table, clocks) into every hot method that reaches a probe, and compiled those
     * methods at several times their size: on the reactive workload in test mode, out of line cut
     * the C2 compile time and the steady-state rounds (README, "Test mode: probes out of line").
     * The probes keep their inlinable variant behind this switch (false: the recording part inlined),
     * except the release, acquire, atomic and volatile probes, whose window check is one read and one
     * branch so that as little as possible of them counts against the JIT's inlining budget
     * (io.racewatch.order.OrderProbes#volatileRead).
     */
    static boolean sampling = true;
    /**
     * {@link System#nanoTime()} as of the hold clock's last tick (io.racewatch.locks.HoldClock, the watchdog's,
     * every tenth of the hold threshold), for the light hold timing; 0 until that clock runs: a hold is then not timed.
     */
    public static volatile long coarseNow;

    private SamplingWindows() {
    }

    /** True in staging mode. */
    public static boolean staging() {
        return staging;
    }

    /** True when probes call their recording part out of line (see {@link #sampling}): always. */
    public static boolean sampling() {
        return sampling;
    }

    /**
     * The window state: odd while a window is open, each value its own epoch. For a probe that
     * checks the window and then enters the guard ({@link ThreadState#enterOpen}) with one read.
     */
    public static int state() {
        return state;
    }

    /** True while probes record. */
    public static boolean open() {
        return (state & 1) != 0;
    }

    /** Opens a new window (a new epoch); no-op when one is open. */
    public static synchronized void openWindow() {
        if ((state & 1) == 0) {
            state = state + 1;
        }
    }

    /** Closes the open window; no-op when none is. */
    public static synchronized void closeWindow() {
        if ((state & 1) != 0) {
            state = state + 1;
        }
    }

    /**
     * Staging mode, as soon as the options are read and before any probe is installed: closed until
     * the sampler opens the first window. No probe takes the in-window path during start-up, so the
     * JIT's profiles of the probes (one per probe method, shared by every call site) show only the
     * one check, and it compiles the application's code with nothing more inlined.
     */
    public static void closeForStaging() {
        closeWindow();
    }

    /** Staging mode: windows open and close from now on, starting closed. */
    public static void startStaging() {
        staging = true;
        sampling = true;
        closeWindow();
    }
}
