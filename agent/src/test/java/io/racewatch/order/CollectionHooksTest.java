package io.racewatch.order;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The running JDK still has every method the copy-on-write list and skip-list map hooks name:
 * a renamed one would silently lose its hook, and a hand-off through it would be a false alarm.
 * (Other classes' hooks list names of several JDK versions on purpose; these two are the same
 * from 17 to 25.)
 */
class CollectionHooksTest {
    @Test
    void copyOnWriteListHooksExist() {
        assertHooksExist(CopyOnWriteArrayList.class);
    }

    @Test
    void skipListMapHooksExist() {
        assertHooksExist(ConcurrentSkipListMap.class);
    }

    private static void assertHooksExist(Class<?> type) {
        Set<String> declared = new TreeSet<>(Set.of("<init>")); // its constructors
        for (Method m : type.getDeclaredMethods()) {
            declared.add(m.getName());
        }
        Set<String> hooked = new TreeSet<>(OrderPoints.methodsOf(type.getName().replace('.', '/')).keySet());
        Set<String> missing = new TreeSet<>(hooked);
        missing.removeAll(declared);
        assertEquals(Set.of(), missing, "hooked in " + type.getName() + " but absent from this JDK (" + Runtime.version() + ")");
        assertFalse(hooked.isEmpty(), "no hook in " + type.getName());
    }
}
