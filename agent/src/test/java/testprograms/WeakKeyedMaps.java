package testprograms;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A map class of the program's own that holds its keys weakly, as commons-collections'
 * ReferenceMap and Guava's and Caffeine's weak-keyed maps do: a key the program drops leaves it
 * once collected, and its value with it, under the agent as without it (collections4's
 * ReferenceMapTest#testPurgeValues waits for that, and failed while racewatch held the last key
 * and value put).
 */
public final class WeakKeyedMaps {
    public static void main(String[] args) throws Exception {
        WeakKeyed map = new WeakKeyed();
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<?>[] entry = fill(map, cleared);
        // Collect until key and value are cleared (the map lets its value go once the key is collected
        // and it next looks at itself), or at most ten seconds (racewatch's caches let go every half second):
        // each round waits for the collector to enqueue a cleared reference, not for a time.
        long deadline = System.nanoTime() + 10_000_000_000L;
        int left = entry.length;
        while (left > 0 && System.nanoTime() < deadline) {
            System.gc();
            map.isEmpty();
            if (cleared.remove(10) != null) {
                left--;
            }
        }
        System.out.println("key collected=" + (entry[0].get() == null) + " value collected=" + (entry[1].get() == null)
            + " entries=" + map.size());
    }

    /** Puts and reads one entry, and leaves only weak references to its key and value. */
    private static WeakReference<?>[] fill(WeakKeyed map, ReferenceQueue<Object> cleared) {
        Object key = new Object();
        Object value = new Object();
        map.put(key, value);
        if (map.get(key) != value) {
            throw new IllegalStateException("the map lost the key");
        }
        return new WeakReference<?>[] {new WeakReference<>(key, cleared), new WeakReference<>(value, cleared)};
    }

    static final class WeakKeyed extends AbstractMap<Object, Object> {
        private final Map<Object, Object> entries = new WeakHashMap<>();

        @Override
        public Object put(Object key, Object value) {
            return entries.put(key, value);
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return entries.entrySet();
        }
    }
}
