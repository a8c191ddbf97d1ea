package testprograms;

import java.util.HashMap;
import java.util.Map;

/**
 * Checked code's get-then-put of key {@code k}, racy, with nothing between the two threads but
 * loading the same class: the first bumps and then loads it, the second loads it (its class
 * loader finds the first thread's per-name lock in the JDK's own ConcurrentHashMap) and then
 * bumps. Loading a class orders nothing in the program, so the race must show. The turns are
 * taken through {@link Unseen}. Prints {@code count=<n>}.
 */
public final class LoadingSameClass {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    /** Loaded by both threads, through the class loader's own method (where its lock map is). */
    static final class Loaded {
    }

    static void load() {
        try {
            LoadingSameClass.class.getClassLoader().loadClass(LoadingSameClass.class.getName() + "$Loaded");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Ordered.inTurns(() -> {
            bump();
            load();
        }, () -> {
            load();
            bump();
        });
        System.out.println("count=" + counts.get("k"));
    }
}
