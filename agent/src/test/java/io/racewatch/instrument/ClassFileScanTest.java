package io.racewatch.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scan that lets classes with nothing to rewrite load as they are: it must say no for them
 * (that is the start-up saving) and yes for each thing the rewrite changes, in checked classes
 * and in classes rewritten for ordering only. (RealJarsVerifyTest checks on real jars that it
 * never says no to a class the rewrite changes.)
 */
class ClassFileScanTest {
    /** Nothing to rewrite: arithmetic, a list, a plain field of another class. */
    static final class Plain {
        int total;

        int sum(List<Integer> values, Holder other) {
            for (int v : values) {
                total += v;
            }
            return total + other.plain;
        }
    }

    static final class Holder {
        int plain;
        volatile int flag;
    }

    static final class SynchronizedBlock {
        private final Object lock = new Object();
        private int n;

        void inc() {
            synchronized (lock) {
                n++;
            }
        }
    }

    static final class SynchronizedMethod {
        private int n;

        synchronized void inc() {
            n++;
        }
    }

    static final class MapCall {
        private final Map<String, Integer> counts = new HashMap<>();

        void count(String key) {
            counts.put(key, counts.getOrDefault(key, 0) + 1);
        }
    }

    /** An AtomicInteger orders from inside the JDK: its calls need no rewriting. */
    static final class AtomicCall {
        private final AtomicInteger n = new AtomicInteger();

        int next() {
            return n.incrementAndGet();
        }
    }

    /** A striped counter orders from inside the JDK too. */
    static final class AdderCall {
        private final LongAdder n = new LongAdder();

        void add() {
            n.increment();
        }
    }

    /** A VarHandle's release and acquire modes order; its plain get and set do not. */
    static final class HandleCall {
        private static final java.lang.invoke.VarHandle FLAG;

        static {
            try {
                FLAG = java.lang.invoke.MethodHandles.lookup().findVarHandle(HandleCall.class, "flag", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private int flag;

        void raise() {
            FLAG.setRelease(this, 1);
        }
    }

    static final class PlainHandleCall {
        private static final java.lang.invoke.VarHandle FLAG = HandleCall.FLAG;

        int peek(HandleCall c) {
            return (int) FLAG.get(c);
        }
    }

    static final class OwnVolatile {
        private volatile boolean stopped;

        void stop() {
            stopped = true;
        }
    }

    static final class OthersVolatile {
        boolean raised(Holder h) {
            return h.flag != 0;
        }
    }

    static final class Closing implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    /** A close() that no AutoCloseable declares: not the end of its object's life. */
    static final class ClosingByName {
        public void close() {
        }
    }

    static final class Waiting {
        void await(Object monitor) throws InterruptedException {
            synchronized (monitor) {
                monitor.wait();
            }
        }
    }

    @Test
    void classesWithNothingToRewriteAreLeftAlone() throws IOException {
        assertFalse(scan(Plain.class, true));
        assertFalse(scan(Holder.class, true));
        assertFalse(scan(Plain.class, false));
        assertFalse(scan(AtomicCall.class, true));
        assertFalse(scan(ClosingByName.class, true), "a close() outside an AutoCloseable is no boundary");
        assertEquals(Set.of(), methods(ClosingByName.class, true, new HashMap<>()));
        assertEquals(Set.of("close()V"), methods(Closing.class, true, new HashMap<>()));
    }

    @Test
    void checkedClassesWithMonitorsCallsVolatilesOrBoundariesAreRewritten() throws IOException {
        for (Class<?> c : List.of(SynchronizedBlock.class, SynchronizedMethod.class, MapCall.class,
            OwnVolatile.class, OthersVolatile.class, HandleCall.class, Closing.class, Waiting.class)) {
            assertTrue(scan(c, true), c.getSimpleName());
        }
        assertFalse(scan(AdderCall.class, true), "a striped counter orders from inside the JDK");
        assertFalse(scan(PlainHandleCall.class, true), "a VarHandle's plain get orders nothing");
    }

    @Test
    void orderingOnlyClassesAreRewrittenForTheirMonitorsVolatilesAndVarHandlesAlone() throws IOException {
        for (Class<?> c : List.of(SynchronizedBlock.class, SynchronizedMethod.class, Waiting.class, OwnVolatile.class,
            OthersVolatile.class, HandleCall.class)) {
            assertTrue(scan(c, false), c.getSimpleName());
        }
        for (Class<?> c : List.of(MapCall.class, AtomicCall.class, AdderCall.class, PlainHandleCall.class, Closing.class)) {
            assertFalse(scan(c, false), c.getSimpleName() + ": nothing in it orders");
        }
    }

    /** One method with a map call, a volatile read, a monitor each, and a getter; the others have nothing to rewrite. */
    static final class Mixed {
        private final Map<String, Integer> counts = new HashMap<>();
        private final Object lock = new Object();
        private int n;

        void count(String key) {
            counts.merge(key, 1, Integer::sum);
        }

        boolean flagged(Holder h) {
            return h.flag != 0;
        }

        void locked() {
            synchronized (lock) {
                n++;
            }
        }

        int plain(Holder h) {
            return n + h.plain;
        }

        Mixed copy() {
            return new Mixed();
        }

        Map<String, Integer> counts() {
            return counts;
        }

        Map<String, Integer> countsOrEmpty() {
            Map<String, Integer> c = counts;
            return c != null ? c : Map.of();
        }
    }

    /** Getters whose field only the rewrite can tell, and those the scan tells itself. */
    static final class Getters {
        private static final Map<String, Integer> SHARED = new HashMap<>();
        private final Map<String, Integer> own = new HashMap<>();
        private final int size = 1;
        private final String name = "getters";
        private final List<String> names = new ArrayList<>();

        static Map<String, Integer> shared() {
            return SHARED;
        }

        Map<String, Integer> own() {
            return own;
        }

        Map<String, Integer> ownThroughALocal() {
            Map<String, Integer> m = own;
            return m;
        }

        Object fresh() {
            return new Object();
        }

        Integer boxedSize() {
            return size;
        }

        /** Not a map: no call site names a map after it, so neither the scan nor the rewrite notes it. */
        String label() {
            String l = name;
            return l;
        }

        List<String> names() {
            return names;
        }
    }

    @Test
    void picksTheMethodsThatHaveSomethingToRewrite() throws IOException {
        // countsOrEmpty(): a getter's rewrite tells whether every return is the same field, to name maps reached through it.
        Map<String, String> getters = new HashMap<>();
        assertEquals(Set.of("count(Ljava/lang/String;)V", "flagged(Lio/racewatch/instrument/ClassFileScanTest$Holder;)Z", "locked()V",
            "countsOrEmpty()Ljava/util/Map;"), methods(Mixed.class, true, getters));
        assertEquals(Map.of("Mixed.counts()", "Mixed.counts"), getters, "a getter that only reads its field is noted by the scan");
        getters.clear();
        assertEquals(Set.of("flagged(Lio/racewatch/instrument/ClassFileScanTest$Holder;)Z", "locked()V"), methods(Mixed.class, false, getters),
            "ordering only: the volatile read and the monitor");
        assertEquals(Map.of(), getters, "a class only ordered names no map");
        assertEquals(Set.of(), methods(Plain.class, true, getters));
    }

    @Test
    void getsTheFieldOfAPlainGetterWithoutTheRewrite() throws IOException {
        Map<String, String> getters = new HashMap<>();
        assertEquals(Set.of("ownThroughALocal()Ljava/util/Map;"), methods(Getters.class, true, getters),
            "only the getter whose field goes through a local needs the rewrite; fresh() and boxedSize() read no reference field,"
                + " label() and names() return no map");
        assertEquals(Map.of("Getters.shared()", "Getters.SHARED", "Getters.own()", "Getters.own"), getters);
        assertFalse(plan(Getters.class, true, new HashMap<>()).probes(), "its getters are only read: the class loads as it is");
        assertTrue(plan(Mixed.class, true, new HashMap<>()).probes());
    }

    @Test
    void readingAGetterNotesTheFieldItReturnsAsTheRewriteWould() throws IOException {
        byte[] bytes;
        try (InputStream in = Getters.class.getResourceAsStream("ClassFileScanTest$Getters.class")) {
            bytes = in.readAllBytes();
        }
        TypeHierarchy types = TypeHierarchy.of(ClassFileLocator.ForClassLoader.of(ClassFileScanTest.class.getClassLoader()));
        Map<String, String> read = new HashMap<>();
        RewritingTransformer.noteGetters(bytes, types, Set.of(), Set.of("ownThroughALocal()Ljava/util/Map;"), read::put);
        assertEquals(Map.of("Getters.ownThroughALocal()", "Getters.own"), read);
        Map<String, String> rewritten = new HashMap<>();
        RewritingTransformer.rewrite(bytes, types, true, false, Set.of(), Set.of("ownThroughALocal()Ljava/util/Map;"), rewritten::put);
        assertEquals(read, rewritten);
        Map<String, String> whole = new HashMap<>();
        RewritingTransformer.rewrite(bytes, types, true, false, Set.of(), null, whole::put);
        assertEquals(Map.of("Getters.ownThroughALocal()", "Getters.own", "Getters.own()", "Getters.own", "Getters.shared()", "Getters.SHARED"),
            whole, "the whole rewrite notes the getters declared to return a map, not label() or names()");
    }

    private static Set<String> methods(Class<?> c, boolean checked, Map<String, String> getters) throws IOException {
        return plan(c, checked, getters).methods();
    }

    private static ClassFileScan.Plan plan(Class<?> c, boolean checked, Map<String, String> getters) throws IOException {
        byte[] bytes;
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassFileLocator files = ClassFileLocator.ForClassLoader.of(ClassFileScanTest.class.getClassLoader());
        return ClassFileScan.methodsToRewrite(bytes, checked, Set.of(), () -> TypeHierarchy.of(files), getters::put);
    }

    private static boolean scan(Class<?> c, boolean checked) throws IOException {
        byte[] bytes;
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassFileLocator files = ClassFileLocator.ForClassLoader.of(ClassFileScanTest.class.getClassLoader());
        return ClassFileScan.mayRewrite(bytes, checked, Set.of(), () -> TypeHierarchy.of(files));
    }
}
