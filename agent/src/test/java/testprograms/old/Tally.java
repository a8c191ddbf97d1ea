package testprograms.old;

import java.util.HashMap;
import java.util.Map;

/**
 * A map touched only inside synchronized methods, in a class that tests rewrite to an old
 * class-file version: correct, so racewatch must stay silent.
 */
public class Tally {
    private final Map<String, Integer> counts = new HashMap<String, Integer>();

    public synchronized void add(String key) {
        Integer n = counts.get(key);
        counts.put(key, Integer.valueOf(n == null ? 1 : n.intValue() + 1));
    }

    public synchronized int count(String key) {
        Integer n = counts.get(key);
        return n == null ? 0 : n.intValue();
    }
}
