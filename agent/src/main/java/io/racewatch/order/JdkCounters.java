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
 * (racewatch's own reads of kept rewrites, on the thread that loads a class, were enough). The
 * atomic probes skip these objects.
 */
public final class JdkCounters {
    // Written once in premain, before the program's threads start (Thread.start publishes them);
    // a JVM thread that reads them earlier sees null and skips nothing, which is the old behaviour.
    private static Object reserved;
    private static Object capacity;
    private static Object count;

    private JdkCounters() {
    }

    /** Finds the counters; called once at start-up. Without them (another JDK's fields) nothing is skipped. */
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
    }

    /** True for one of the counters: an atomic that orders nothing. */
    static boolean isOne(Object atomic) {
        return atomic == reserved || atomic == capacity || atomic == count;
    }
}
