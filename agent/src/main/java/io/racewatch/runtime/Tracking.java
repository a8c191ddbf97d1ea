package io.racewatch.runtime;

/**
 * Switches and caps of the runtime, set once by the agent at start-up from its options.
 * Plain static fields: probes read them on every call.
 */
public final class Tracking {
    /**
     * False until the agent has started; never set back (the probe guard reads it only on its slow
     * path, {@code ThreadState.admitChecked}, and lets a thread that passed it in once go on).
     */
    public static volatile boolean enabled;
    /** Most threads tracked at once. */
    public static int maxThreads = 4096;
    /** Most maps with shared (multi-thread) state at once. */
    public static int maxMaps = 20_000;
    /** Most keys tracked per shared map; beyond it, earlier keys are forgotten. */
    public static int maxKeysPerMap = 1_024;
    /** Events kept per key for the interleaving table. */
    public static int historySize = 12;
    /** Frames kept per stack. */
    public static int stackDepth = 16;
    /** A hold at least this long is a lock-hold finding. */
    public static long holdThresholdNs = 100_000_000L;
    /** Most scheduled tasks tracked at once (done and cancelled ones are dropped first). */
    public static int maxTasks = 50_000;
    /** Most objects known as owners of scheduled work at once (held weakly; collected ones leave). */
    public static int maxOwners = 100_000;

    private Tracking() {
    }
}
