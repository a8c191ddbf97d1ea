package testprograms.lib;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A library's directory of entries in a {@link ConcurrentHashMap}, as caches and registries keep
 * them: an entry's field is written plainly, and the map alone publishes it to the thread that
 * looks the key up (by put, compute or computeIfAbsent; by get, getOrDefault or computeIfPresent).
 * Tests exclude {@code testprograms.lib.*}.
 */
public final class Directory {
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** An entry whose value is set plainly before the map publishes it. */
    private static final class Entry {
        String value;

        Entry(String value) {
            this.value = value;
        }
    }

    public void put(String key, String value) {
        entries.put(key, new Entry(value));
    }

    public void compute(String key, String value) {
        entries.compute(key, (k, old) -> new Entry(value));
    }

    public void computeIfAbsent(String key, String value) {
        entries.computeIfAbsent(key, k -> new Entry(value));
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value;
    }

    /** Spins on get until the key is there. */
    public String awaitByGet(String key) {
        String v;
        while ((v = get(key)) == null) {
            Thread.onSpinWait();
        }
        return v;
    }

    /** Spins on getOrDefault until the key is there. */
    public String awaitByGetOrDefault(String key) {
        Entry e;
        while ((e = entries.getOrDefault(key, null)) == null) {
            Thread.onSpinWait();
        }
        return e.value;
    }

    /** Spins on computeIfPresent (keeping the entry) until the key is there: the function sees the entry. */
    public String awaitByComputeIfPresent(String key) {
        String[] seen = new String[1];
        while (seen[0] == null) {
            entries.computeIfPresent(key, (k, e) -> {
                seen[0] = e.value;
                return e;
            });
            Thread.onSpinWait();
        }
        return seen[0];
    }
}
