package io.racewatch.detect;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * Decides whether two values written to one key are interchangeable, without running
 * application code: the same object, or equal JDK values (strings, boxed numbers, enum
 * constants, UUIDs, classes, reflection members, and JDK collections holding only such values),
 * compared with the JDK's own {@code equals}. Any other object is compared by identity: its
 * {@code equals} is the application's, and racewatch never calls it.
 *
 * <p>A collection is a value only when it is unmodifiable, or modifiable but already filled and
 * not a concurrent one: an empty {@code ArrayList} or a {@code ConcurrentHashMap} put into a map
 * is a container that threads go on to fill, so two of them are two containers (a multimap's
 * check-then-create loses the elements added to the losing one), compared by identity.
 */
final class ValueEquality {
    private static final int LARGEST_COLLECTION = 256;
    private static final int DEEPEST = 4;

    /** The answer: {@code SAME} (identical), {@code EQUAL} (equal JDK values), {@code DIFFERENT}, or {@code UNKNOWN}. */
    enum Verdict { SAME, EQUAL, DIFFERENT, UNKNOWN }

    private ValueEquality() {
    }

    static Verdict compare(Object a, Object b) {
        if (a == b) {
            return Verdict.SAME;
        }
        if (!jdkValue(a, 0) || !jdkValue(b, 0)) {
            return Verdict.DIFFERENT;
        }
        try {
            return a.equals(b) ? Verdict.EQUAL : Verdict.DIFFERENT;
        } catch (RuntimeException concurrentlyChanged) {
            return Verdict.UNKNOWN; // a collection written while compared
        }
    }

    /** True for a value whose equals is the JDK's and compares only JDK values. */
    static boolean jdkValue(Object v, int depth) {
        if (v == null) {
            return true;
        }
        Class<?> c = v.getClass();
        if (v instanceof Enum<?> || v instanceof Class<?>) {
            return true; // equals is identity, final in the JDK
        }
        if (c.getClassLoader() != null) {
            return false; // an application class: its equals is its own
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
            || v instanceof java.util.UUID || v instanceof Method || v instanceof Field || v instanceof Constructor<?>
            || c.getName().startsWith("java.time.")) {
            return c.getName().startsWith("java.");
        }
        String name = c.getName();
        if (depth >= DEEPEST || !name.startsWith("java.util.") || name.startsWith("java.util.concurrent.")
            || name.startsWith("java.util.Collections$Synchronized")) {
            return false;
        }
        boolean unmodifiable = name.startsWith("java.util.ImmutableCollections$") || name.startsWith("java.util.Collections$Unmodifiable")
            || name.startsWith("java.util.Collections$Empty") || name.startsWith("java.util.Collections$Singleton");
        try {
            if (v instanceof Map<?, ?> m) {
                if (m.size() > LARGEST_COLLECTION || (m.isEmpty() && !unmodifiable)) {
                    return false;
                }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!jdkValue(e.getKey(), depth + 1) || !jdkValue(e.getValue(), depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            if (v instanceof Collection<?> col) {
                if (col.size() > LARGEST_COLLECTION || (col.isEmpty() && !unmodifiable)) {
                    return false;
                }
                for (Object e : col) {
                    if (!jdkValue(e, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
        } catch (RuntimeException concurrentlyChanged) {
            return false;
        }
        return false;
    }
}
