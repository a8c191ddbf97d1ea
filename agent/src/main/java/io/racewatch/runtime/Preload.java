package io.racewatch.runtime;

/**
 * Loads and initializes the classes probes use, at start-up: a probe must not load classes
 * (it may run inside a class initializer, or inside a lock whose hold it is timing).
 */
public final class Preload {
    private static final String[] CLASSES = {
        "io.racewatch.runtime.MapShadow", "io.racewatch.runtime.MapShadows", "io.racewatch.runtime.MapTracker",
        "io.racewatch.runtime.KeyState", "io.racewatch.runtime.OwnerEvent", "io.racewatch.runtime.MapAccess",
        "io.racewatch.runtime.Rmw", "io.racewatch.runtime.History", "io.racewatch.runtime.RecentByThread",
        "io.racewatch.runtime.Keys", "io.racewatch.runtime.SyncVar", "io.racewatch.runtime.SyncVars",
        "io.racewatch.runtime.HeldLocks", "io.racewatch.runtime.LockTracker", "io.racewatch.runtime.LockProfile",
        "io.racewatch.runtime.LockStats", "io.racewatch.runtime.LockNames", "io.racewatch.runtime.OrderEdge", "io.racewatch.runtime.OrderNode", "io.racewatch.runtime.SamplingWindows", "io.racewatch.runtime.LightHolds", "io.racewatch.runtime.OwnCost",
        "io.racewatch.runtime.HbTask", "io.racewatch.runtime.HbBiTask", "io.racewatch.runtime.WrappedTask",
        "io.racewatch.runtime.ThreadRegistry", "io.racewatch.runtime.SyncProbes", "io.racewatch.runtime.MapProbes",
        "io.racewatch.detect.MapRaceDetector", "io.racewatch.detect.MapRace", "io.racewatch.detect.MapMessages",
        "io.racewatch.detect.LockHoldDetector", "io.racewatch.detect.LockOrderDetector",
        "io.racewatch.report.Finding", "io.racewatch.report.Access", "io.racewatch.report.HistoryRow",
        "io.racewatch.report.Findings", "io.racewatch.report.FindingKey", "io.racewatch.runtime.TestContext", "io.racewatch.report.Suppression",
        "io.racewatch.report.SuppressionRule", "io.racewatch.report.Kinds",
        "io.racewatch.runtime.SchedulingProbes", "io.racewatch.runtime.SchedulingProbes$Handover",
        "io.racewatch.runtime.Schedule", "io.racewatch.runtime.Schedule$Kind", "io.racewatch.runtime.ScheduledTasks",
        "io.racewatch.runtime.ScheduledTask", "io.racewatch.runtime.ScheduledTask$Run", "io.racewatch.runtime.OwnerState",
        "io.racewatch.runtime.Closed", "io.racewatch.runtime.TaskStatus", "io.racewatch.runtime.TaskRun",
        "io.racewatch.runtime.TaskRun$Touch", "io.racewatch.runtime.TaskRuns", "io.racewatch.runtime.TimerTasks",
        "io.racewatch.runtime.TimerTasks$EarlyRun", "io.racewatch.runtime.Closing", "io.racewatch.runtime.Lifecycles",
        "io.racewatch.detect.TimerOwnerDetector", "io.racewatch.detect.TimerOwnerDetector$Event",
        "io.racewatch.detect.TimerMessages",
        "io.racewatch.runtime.KeyTable", "io.racewatch.runtime.KeyTable$Node", "io.racewatch.runtime.JdkState",
        "io.racewatch.runtime.Duties", "io.racewatch.runtime.AgentThreads", "io.racewatch.runtime.ClassLoading",
        "io.racewatch.detect.Watchdog", "io.racewatch.report.ReportWriter", "io.racewatch.report.ReportDirectory",
        "io.racewatch.order.OrderProbes",
        // JDK classes that probes test with instanceof (resolving one may load it)
        "java.util.concurrent.FutureTask", "java.util.concurrent.ForkJoinTask", "java.util.concurrent.CompletableFuture",
        "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock", "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock",
    };

    private Preload() {
    }

    public static void classes() {
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, Preload.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                Faults.report("preloading " + name, e);
            }
        }
        LockStats.named("(racewatch warm-up)", "").snapshot(); // initializes the histogram library
    }
}
