package realprograms.jdbc;

import java.util.Map;
import java.util.TreeMap;

/** The whole "database" of {@link CounterDriver}: named counters, one JVM-wide instance. */
public final class CounterDatabase {
    private static final CounterDatabase INSTANCE = new CounterDatabase();

    private final Map<String, Integer> counters = new TreeMap<>();
    private int connectionsOpened;

    private CounterDatabase() {
    }

    public static CounterDatabase get() {
        return INSTANCE;
    }

    synchronized int increment(String key) {
        return counters.merge(key, 1, Integer::sum);
    }

    synchronized int value(String key) {
        return counters.getOrDefault(key, 0);
    }

    synchronized void opened() {
        connectionsOpened++;
    }

    /** Physical connections the driver handed out so far. */
    public synchronized int connectionsOpened() {
        return connectionsOpened;
    }

    /** A copy, ordered by name. */
    public synchronized Map<String, Integer> counters() {
        return new TreeMap<>(counters);
    }
}
