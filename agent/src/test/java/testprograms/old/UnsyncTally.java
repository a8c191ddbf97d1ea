package testprograms.old;

import java.util.HashMap;
import java.util.Map;

/** {@link Tally} with the synchronization removed: the racy twin. */
public class UnsyncTally {
    private final Map<String, Integer> counts = new HashMap<String, Integer>();

    public void add(String key) {
        Integer n = counts.get(key); // @read
        counts.put(key, Integer.valueOf(n == null ? 1 : n.intValue() + 1)); // @write
    }

    public int count(String key) {
        Integer n = counts.get(key);
        return n == null ? 0 : n.intValue();
    }
}
