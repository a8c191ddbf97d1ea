package io.racewatch.instrument;

/** Internal names of the runtime probe classes the rewritten bytecode calls. */
final class Probes {
    static final String MAP = "io/racewatch/maps/MapProbes";
    static final String SYNC = "io/racewatch/order/SyncProbes";
    static final String SCHEDULING = "io/racewatch/tasks/SchedulingProbes";
    static final String WRAP_TASK = "wrapTask";
    static final String WRAP_TASKS = "wrapTasks";
    static final String WRAP_DESCRIPTOR = "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;";
    static final String SITE_DESCRIPTOR = "(Ljava/lang/Object;I)V";

    private Probes() {
    }
}
