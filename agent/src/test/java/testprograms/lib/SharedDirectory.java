package testprograms.lib;

import java.util.concurrent.ConcurrentMap;

/**
 * A library that works on a concurrent map its caller gives it (a registry handed in, a
 * context map): the caller's checked code and the library both call that one map directly.
 * Tests exclude {@code testprograms.lib.*}.
 */
public final class SharedDirectory {
    private SharedDirectory() {
    }

    public static void put(ConcurrentMap<String, String> map, String key, String value) {
        map.put(key, value);
    }

    /** Spins on get until the key is there. */
    public static String awaitByGet(ConcurrentMap<String, String> map, String key) {
        String v;
        while ((v = map.get(key)) == null) {
            Thread.onSpinWait();
        }
        return v;
    }
}
