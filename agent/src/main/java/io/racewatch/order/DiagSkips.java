package io.racewatch.order;

import java.util.Locale;

/**
 * A measurement tool, not a feature: {@code -Dracewatch.diag.skipHooks=futures,executors,aqs,atomics,updaters,maps,volatiles}
 * leaves whole families of happens-before hooks out, so that their share of a workload's overhead can be measured
 * by difference. <b>It makes the agent unsound</b>: every edge a skipped family makes is missing, so races are
 * reported that are not there (and deadlock and hold figures change). Read once, when premain first asks
 * ({@link #spec}); the agent's caches are keyed by it, so a skipping run neither reads nor leaves ordinary rewrites.
 *
 * <p>Families (JDK classes are left unhooked whole; the program's volatile accesses are not rewritten):
 * {@code futures} FutureTask (and ScheduledFutureTask) and CompletableFuture; {@code executors} the thread pools,
 * timers, fork/join and SubmissionPublisher; {@code aqs} {@code java.util.concurrent.locks}, semaphores, latches,
 * phasers, exchangers; {@code atomics} {@code java.util.concurrent.atomic} (field updaters included) and
 * {@code sun.misc.Unsafe}; {@code updaters} only the field updaters and {@code sun.misc.Unsafe}; {@code maps} the
 * concurrent maps, queues, copy-on-write lists and the synchronized collections; {@code volatiles} the program's
 * volatile fields and VarHandle calls. Not a family: {@code atomicvars} (see {@link #NO_ATOMIC_VARS}).
 */
public final class DiagSkips {
    /** The system property naming the families to skip, comma-separated. */
    public static final String PROPERTY = "racewatch.diag.skipHooks";

    private static final String SPEC = read();
    /** Read by the program's rewrite, which leaves the volatile accesses without probes. */
    public static final boolean VOLATILES = has(SPEC, "volatiles");
    /**
     * {@code atomicvars}: the atomics' and volatiles' writes release only into vars that exist already (made by
     * another family's release, or by an acquisition path that makes one): the most that making their vars lazily,
     * at a second thread's first meeting, could save.
     */
    static final boolean NO_ATOMIC_VARS = has(SPEC, "atomicvars");

    private DiagSkips() {
    }

    /** The families skipped, as given (lower case, trimmed), or the empty string when none. */
    public static String spec() {
        return SPEC;
    }

    private static String read() {
        try {
            String value = System.getProperty(PROPERTY);
            return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        } catch (SecurityException denied) {
            return "";
        }
    }

    private static boolean has(String spec, String family) {
        for (String s : spec.split(",")) {
            if (s.trim().equals(family)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the JDK class (internal name) belongs to a skipped family and is to be left unhooked. */
    static boolean skipsClass(String c) {
        return !SPEC.isEmpty() && skips(SPEC, c);
    }

    /** Whether {@code spec} names the family of the JDK class {@code c} (internal name). */
    static boolean skips(String spec, String c) {
        if (c == null) {
            return false;
        }
        String juc = "java/util/concurrent/";
        if (has(spec, "futures") && (c.equals(OrderPoints.FUTURE_TASK) || OrderPoints.readsResult(c))) {
            return true;
        }
        if (has(spec, "executors") && (c.equals(juc + "ThreadPoolExecutor") || c.equals(juc + "ScheduledThreadPoolExecutor")
            || c.equals("java/util/Timer") || c.equals(OrderPoints.TIMER_THREAD) || OrderPoints.readsTaskStatus(c)
            || c.startsWith(juc + "SubmissionPublisher"))) {
            return true;
        }
        if (has(spec, "aqs") && (c.startsWith(juc + "locks/") || c.equals(juc + "Semaphore$Sync")
            || c.equals(juc + "CountDownLatch$Sync") || c.equals(OrderPoints.PHASER) || c.equals(juc + "Exchanger"))) {
            return true;
        }
        if (has(spec, "atomics") && (c.startsWith(juc + "atomic/") || c.equals(OrderPoints.UNSAFE))) {
            return true;
        }
        if (has(spec, "updaters") && (c.startsWith(juc + "atomic/") && c.contains("FieldUpdater") || c.equals(OrderPoints.UNSAFE))) {
            return true;
        }
        return has(spec, "maps") && (c.startsWith(OrderPoints.CHM) || c.startsWith(juc + "ConcurrentSkipList")
            || c.startsWith(juc + "ConcurrentLinked") || c.equals(juc + "LinkedTransferQueue") || c.equals(juc + "SynchronousQueue")
            || c.equals(juc + "CopyOnWriteArrayList") || OrderPoints.monitorsOrder(c) || OrderPoints.monitorsRelease(c));
    }
}
