package io.racewatch.maps;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.JavaBase;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Reads the JDK's own map fields that say how a map behaves, without calling any method of the
 * map (a subclass may override every one of them): whether a LinkedHashMap is access-ordered
 * (its get moves the entry), and which map a {@code Collections.synchronizedMap} wraps. The
 * agent opens {@code java.util} to racewatch at start-up ({@link #open}); until then, or if that
 * failed, nothing is known and the answers are the conservative ones (insertion order, no wrapped map).
 */
public final class JdkMapFields {
    private static volatile Field accessOrder;
    private static volatile Field wrapped;

    private JdkMapFields() {
    }

    /**
     * Looks the fields up once {@code java.util} is open to racewatch's module, and reads each once
     * (reflection links its accessors on first use: never inside a probe).
     */
    public static void open(java.lang.instrument.Instrumentation instrumentation) {
        try {
            JavaBase.open(instrumentation, "java.util");
            Field order = LinkedHashMap.class.getDeclaredField("accessOrder");
            order.setAccessible(true);
            Field m = Class.forName("java.util.Collections$SynchronizedMap").getDeclaredField("m");
            m.setAccessible(true);
            order.getBoolean(new LinkedHashMap<>(2, 0.75f, true));
            m.get(Collections.synchronizedMap(new java.util.HashMap<>()));
            accessOrder = order;
            wrapped = m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Faults.report("reading the JDK's map fields (access order, synchronized wrappers)", e);
        }
    }

    /** True for a LinkedHashMap made with {@code accessOrder = true}: its get relinks the entry. */
    static boolean accessOrdered(Object map) {
        Field f = accessOrder;
        if (f == null || !(map instanceof LinkedHashMap)) {
            return false;
        }
        try {
            return f.getBoolean(map);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    /** The map inside a {@code Collections.synchronizedMap} (sorted and navigable ones too), or null. */
    static Object wrappedBy(Object map) {
        Field f = wrapped;
        if (f == null || !f.getDeclaringClass().isInstance(map)) {
            return null;
        }
        try {
            return f.get(map);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }
}
