package it.app;

import java.util.HashMap;
import java.util.Map;

/** Counts per name. Racy on purpose: both methods read and then write without a lock. */
public class Tally {
    private final Map<String, Integer> counts = new HashMap<>();

    public void add(String name) {
        Integer n = counts.get(name);
        counts.put(name, n == null ? 1 : n + 1);
    }

    public void addTwice(String name) {
        Integer n = counts.getOrDefault(name, 0);
        counts.put(name, n + 2);
    }

    public synchronized void addSafely(String name) {
        counts.merge(name, 1, Integer::sum);
    }

    public synchronized int get(String name) {
        return counts.getOrDefault(name, 0);
    }
}
