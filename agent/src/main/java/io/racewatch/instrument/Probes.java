package io.racewatch.instrument;

/** Internal names of the runtime probe classes the rewritten bytecode calls. */
final class Probes {
    static final String MAP = "io/racewatch/maps/MapProbes";
    static final String SYNC = "io/racewatch/order/SyncProbes";
    static final String PROGRAM_MAPS = "io/racewatch/order/ProgramMaps";
    static final String SCHEDULING = "io/racewatch/tasks/SchedulingProbes";
    static final String LOCK = "io/racewatch/locks/LockProbes";
    static final String TASK = "io/racewatch/tasks/TaskProbes";
    static final String WRAP_TASK = "wrapTask";
    static final String WRAP_TASKS = "wrapTasks";
    static final String WRAP_DESCRIPTOR = "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;";
    static final String SITE_DESCRIPTOR = "(Ljava/lang/Object;I)V";
    /** A lock's request probe that returns the thread's state, and the acquisition probe that takes it (see LockProbes). */
    static final String THREAD_STATE_TYPE = "io/racewatch/runtime/ThreadState";
    static final String THREAD_STATE = "L" + THREAD_STATE_TYPE + ";";
    static final String REQUEST_PASSING = "lockRequestedBy";
    static final String REQUEST_PASSING_DESCRIPTOR = "(Ljava/lang/Object;I)" + THREAD_STATE;
    static final String ACQUIRED_PASSED_DESCRIPTOR = "(" + THREAD_STATE + "Ljava/lang/Object;I)V";

    private static final java.util.Set<String> LOCK_PROBES = java.util.Set.of("lockRequested", "lockRequestedBy", "lockAcquired",
        "tryLockAcquired", "stampAcquired", "tryStampAcquired", "lockReleasing", "waitBegins", "waitEnded");
    private static final java.util.Set<String> TASK_PROBES = java.util.Set.of("futureGot", "wrapTask", "wrapBiTask",
        "wrapTasks", "futureReturned");

    private Probes() {
    }

    /** The class that holds a synchronization probe: the lock model's, the task model's, or the order model's. */
    static String ownerOf(String probe) {
        if (LOCK_PROBES.contains(probe)) {
            return LOCK;
        }
        return TASK_PROBES.contains(probe) ? TASK : SYNC;
    }
}
