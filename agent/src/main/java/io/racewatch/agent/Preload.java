package io.racewatch.agent;

import io.racewatch.locks.LockStats;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Stacks;

/**
 * Loads and initializes the classes probes use, at start-up: a probe must not load classes
 * (it may run inside a class initializer, or inside a lock whose hold it is timing).
 */
final class Preload {
    private static final String[] CLASSES = {
        "io.racewatch.maps.MapShadow", "io.racewatch.maps.MapShadows", "io.racewatch.maps.MapTracker",
        "io.racewatch.maps.KeyState", "io.racewatch.maps.OwnerEvent", "io.racewatch.maps.MapAccess",
        "io.racewatch.maps.Rmw", "io.racewatch.maps.History", "io.racewatch.maps.RecentByThread",
        "io.racewatch.maps.Keys", "io.racewatch.maps.KeyMatch", "io.racewatch.maps.WeakKey", "io.racewatch.maps.MapGetters",
        "io.racewatch.order.SyncVar", "io.racewatch.order.SyncVars",
        "io.racewatch.locks.HeldLocks", "io.racewatch.locks.LockTracker", "io.racewatch.locks.LockProfile",
        "io.racewatch.locks.LockStats", "io.racewatch.locks.OrderEdge", "io.racewatch.locks.OrderNode", "io.racewatch.runtime.SamplingWindows",
        "io.racewatch.locks.LightHolds", "io.racewatch.runtime.OwnCost",
        "io.racewatch.tasks.HbTask", "io.racewatch.tasks.HbBiTask", "io.racewatch.tasks.WrappedTask",
        "io.racewatch.order.ThreadRegistry", "io.racewatch.order.SyncProbes", "io.racewatch.locks.LockProbes", "io.racewatch.tasks.TaskProbes",
        "io.racewatch.maps.MapProbes",
        "io.racewatch.maps.MapRaceCheck", "io.racewatch.locks.LockEvents", "io.racewatch.tasks.TaskEvents",
        "io.racewatch.detect.MapRaceDetector", "io.racewatch.maps.MapRace", "io.racewatch.detect.MapMessages",
        "io.racewatch.detect.LockHoldDetector", "io.racewatch.detect.LockOrderDetector",
        "io.racewatch.report.Finding", "io.racewatch.report.Access", "io.racewatch.report.HistoryRow",
        "io.racewatch.report.Findings", "io.racewatch.report.FindingKey", "io.racewatch.runtime.TestContext", "io.racewatch.report.Suppression",
        "io.racewatch.report.SuppressionRule", "io.racewatch.report.Kinds",
        "io.racewatch.tasks.SchedulingProbes", "io.racewatch.tasks.SchedulingProbes$Handover",
        "io.racewatch.tasks.Schedule", "io.racewatch.tasks.Schedule$Kind", "io.racewatch.tasks.ScheduledTasks",
        "io.racewatch.tasks.ScheduledTask", "io.racewatch.tasks.ScheduledTask$Run", "io.racewatch.tasks.Registration", "io.racewatch.tasks.DeferredTasks", "io.racewatch.tasks.OwnerState",
        "io.racewatch.tasks.Closed", "io.racewatch.tasks.TaskStatus", "io.racewatch.tasks.TaskRun",
        "io.racewatch.tasks.TaskRun$Touch", "io.racewatch.tasks.TaskRuns", "io.racewatch.tasks.TimerTasks",
        "io.racewatch.tasks.TimerTasks$EarlyRun", "io.racewatch.tasks.Closing", "io.racewatch.tasks.Lifecycles",
        "io.racewatch.tasks.HeldHelpers", "io.racewatch.tasks.HeldHelpers$1", "io.racewatch.tasks.HeldHelpers$Held",
        "io.racewatch.tasks.HeldBy",
        "io.racewatch.tasks.LastClassAnswer", "io.racewatch.tasks.LastClassAnswer$Kept", "io.racewatch.tasks.Wrappable",
        "io.racewatch.detect.TimerOwnerDetector", "io.racewatch.detect.TimerOwnerDetector$Event",
        "io.racewatch.detect.TimerMessages",
        "io.racewatch.maps.KeyTable", "io.racewatch.maps.KeyTable$Node", "io.racewatch.runtime.JdkState",
        "io.racewatch.locks.Duties", "io.racewatch.runtime.AgentThreads", "io.racewatch.runtime.ClassLoading",
        "io.racewatch.detect.Watchdog", "io.racewatch.report.ReportWriter", "io.racewatch.report.ReportDirectory",
        "io.racewatch.order.OrderProbes", "io.racewatch.runtime.Stacks", "io.racewatch.runtime.Site$CallPath",
    };
    /**
     * JDK classes that probes test with instanceof (resolving one may load it): loaded, not
     * initialized. Initializing CompletableFuture would start the common fork/join pool, whose
     * size the program may still set in {@code main}.
     */
    private static final String[] JDK_CLASSES = {
        "java.util.concurrent.FutureTask", "java.util.concurrent.ForkJoinTask", "java.util.concurrent.CompletableFuture",
        "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock", "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock",
    };

    private Preload() {
    }

    static void classes() {
        load(CLASSES, true);
        io.racewatch.runtime.StartupTrace.mark("  preload: own");
        load(JDK_CLASSES, false);
        io.racewatch.runtime.StartupTrace.mark("  preload: jdk");
        // Initializes the histogram library that a lock's statistics record into (its snapshot is for reports, not probes).
        LockStats.named("(racewatch warm-up)", "");
        io.racewatch.runtime.StartupTrace.mark("  preload: lockStats");
        Stacks.ofCallPath(0); // links the stack walk's lambdas here, not inside the first probe that walks
    }

    private static void load(String[] names, boolean initialize) {
        for (String name : names) {
            try {
                Class.forName(name, initialize, Preload.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                Faults.report("preloading " + name, e);
            }
        }
    }
}
