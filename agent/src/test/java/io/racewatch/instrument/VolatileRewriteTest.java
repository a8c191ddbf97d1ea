package io.racewatch.instrument;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Volatile fields and VarHandle calls of every width and shape (instance, static, array element;
 * one- and two-word values; reads, writes, atomic updates; inside a synchronized method, whose
 * own probes take locals too) are ordered in checked classes and in classes rewritten for
 * ordering only, and the rewritten class verifies and computes what the original computes.
 */
class VolatileRewriteTest {
    /** The shapes, each method returning what it read so that a wrong reload shows. */
    public static final class Shapes {
        private static final VarHandle WIDE;
        private static final VarHandle REF;
        private static final VarHandle STATIC_COUNT;
        private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
        private static volatile int staticFlag;
        @SuppressWarnings("unused")
        private static int staticCount;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                WIDE = lookup.findVarHandle(Shapes.class, "wide", long.class);
                REF = lookup.findVarHandle(Shapes.class, "ref", Object.class);
                STATIC_COUNT = lookup.findStaticVarHandle(Shapes.class, "staticCount", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile long counter = 5;
        private volatile double ratio = 1.5;
        private volatile Object ref;
        @SuppressWarnings("unused")
        private long wide;
        private final long[] slots = new long[4];

        public long fields() {
            counter = counter + 1;
            ratio = ratio * 2;
            staticFlag = staticFlag + 1; // shared by every instance of the original class: only its sign is compared
            return counter + (long) ratio + (staticFlag > 0 ? 1 : 0);
        }

        public long handles() {
            WIDE.setRelease(this, 40L);
            boolean swapped = WIDE.compareAndSet(this, 40L, 41L);
            long now = (long) WIDE.getAcquire(this);
            Object old = REF.getAndSet(this, "x");
            STATIC_COUNT.setVolatile(2);
            int s = (int) STATIC_COUNT.getAndAdd(3);
            LONGS.setRelease(slots, 2, 7L);
            boolean cas = LONGS.compareAndSet(slots, 2, 7L, 8L);
            long slot = (long) LONGS.getVolatile(slots, 2);
            return now + (swapped ? 100 : 0) + (old == null ? 1000 : 0) + s * 10000L + (cas ? 100000 : 0) + slot * 1000000L
                + (int) STATIC_COUNT.getVolatile() * 10000000L;
        }

        public synchronized long underMonitor(long add) {
            WIDE.getAndAdd(this, add);
            return (long) WIDE.getVolatile(this);
        }
    }

    @ParameterizedTest(name = "ordering only: {0}")
    @ValueSource(booleans = {true, false})
    void everyShapeIsOrderedAndComputesTheSame(boolean orderingOnly) throws Exception {
        byte[] rewritten = OrderingOnlyRewriteTest.rewrite(Shapes.class, orderingOnly);
        List<String> probes = OrderingOnlyRewriteTest.probeCalls(rewritten);
        assertTrue(probes.contains("OrderProbes.volatileWrite") && probes.contains("OrderProbes.volatileRead")
            && probes.contains("SyncProbes.volatileWrite") && probes.contains("SyncProbes.volatileRead"), probes.toString());

        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(Shapes.class.getName(), rewritten, 0, rewritten.length);
            }
        }.define();
        Object rewrittenShapes = c.getConstructor().newInstance();
        Shapes original = new Shapes();
        assertEquals(original.fields(), c.getMethod("fields").invoke(rewrittenShapes));
        assertEquals(original.handles(), c.getMethod("handles").invoke(rewrittenShapes));
        assertEquals(original.underMonitor(5), c.getMethod("underMonitor", long.class).invoke(rewrittenShapes, 5L));
    }
}
