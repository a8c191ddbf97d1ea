package io.racewatch.order;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.JavaBase;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;

/**
 * The JDK's own bookkeeping atomics that every thread updates and no program publishes through:
 * {@code java.nio.Bits}' counts of direct memory, touched whenever a thread allocates or frees a
 * direct buffer (the temporary ones behind every heap-buffer read of a file or socket included).
 * Ordering through them made threads that share nothing but I/O look ordered, and hid their races
 * (racewatch's own reads of kept rewrites, on the thread that loads a class, were enough). And
 * {@code ScheduledThreadPoolExecutor}'s {@code sequencer}, one counter for every scheduler of the
 * JVM that each {@code schedule} call increments for its tie-break number: through it, two threads
 * scheduling on two unrelated executors looked ordered, and each call paid two probes for it. The
 * atomic probes skip these objects.
 */
public final class JdkCounters {
    // Written once in premain, before the program's threads start (Thread.start publishes them);
    // a JVM thread that reads them earlier sees null and skips nothing, which is the old behaviour.
    private static Object reserved;
    private static Object capacity;
    private static Object count;
    private static Object sequencer;
    private static boolean sequencerSought;

    private JdkCounters() {
    }

    /**
     * Finds the counters, and ReentrantLock's synchronizers ({@link JdkLocks}); called once at start-up.
     * Without them (another JDK's fields) nothing is skipped.
     */
    public static void find(Instrumentation instrumentation) {
        try {
            JavaBase.open(instrumentation, "java.nio");
            Class<?> bits = Class.forName("java.nio.Bits");
            MethodHandles.Lookup in = MethodHandles.privateLookupIn(bits, MethodHandles.lookup());
            reserved = in.findStaticVarHandle(bits, "RESERVED_MEMORY", java.util.concurrent.atomic.AtomicLong.class).get();
            capacity = in.findStaticVarHandle(bits, "TOTAL_CAPACITY", java.util.concurrent.atomic.AtomicLong.class).get();
            count = in.findStaticVarHandle(bits, "COUNT", java.util.concurrent.atomic.AtomicLong.class).get();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Faults.report("finding the JDK's direct-memory counters", e);
        }
        try {
            JavaBase.open(instrumentation, "java.util.concurrent"); // for the sequencer, read once the program schedules
        } catch (RuntimeException e) {
            Faults.report("opening java.util.concurrent", e);
        }
        JdkLocks.find(instrumentation);
    }

    /**
     * Finds {@code ScheduledThreadPoolExecutor}'s sequencer, once: called by the scheduling probe
     * after a program's {@code schedule} call, when the class is loaded and initialized (reading it at
     * start-up would load the executors there, which are hooked as the program loads them). Until
     * then, and on another JDK without the field, the sequencer orders as before. Plain fields: a
     * thread that sees the counter late only makes the edges it made before.
     */
    public static void findSequencer() {
        if (sequencerSought) {
            return;
        }
        sequencerSought = true;
        try {
            Class<?> scheduler = java.util.concurrent.ScheduledThreadPoolExecutor.class;
            sequencer = MethodHandles.privateLookupIn(scheduler, MethodHandles.lookup())
                .findStaticVarHandle(scheduler, "sequencer", java.util.concurrent.atomic.AtomicLong.class).get();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Faults.report("finding the JDK's scheduling sequence counter", e);
        }
    }

    /** True for one of the counters: an atomic that orders nothing. */
    static boolean isOne(Object atomic) {
        return atomic == reserved || atomic == capacity || atomic == count || atomic == sequencer;
    }
}
