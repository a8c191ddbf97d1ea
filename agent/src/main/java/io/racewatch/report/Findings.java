package io.racewatch.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where every finding goes: deduplicated by kind and sites (repeats are counted), kept for
 * the final report and for test-time listeners, and handed to the sinks as it is made.
 */
public final class Findings {
    private static final int MAX_KEPT = 10_000;
    private static final Map<String, Finding> BY_KEY = new ConcurrentHashMap<>();
    private static final List<Finding> ALL = Collections.synchronizedList(new ArrayList<>());
    private static final List<Consumer<Finding>> LISTENERS = new CopyOnWriteArrayList<>();

    private Findings() {
    }

    /** Counts a repeat of a known finding; false when it is new and must be built and published. */
    public static boolean repeat(String kind, int[] sites) {
        Finding known = BY_KEY.get(Finding.dedupKey(kind, sites));
        if (known == null) {
            return false;
        }
        known.repeated();
        return true;
    }

    public static void publish(Finding f) {
        Finding known = BY_KEY.putIfAbsent(f.dedupKey(), f);
        if (known != null) {
            known.repeated();
            return;
        }
        if (ALL.size() >= MAX_KEPT) {
            io.racewatch.runtime.Limits.hitFindings(MAX_KEPT);
            return;
        }
        ALL.add(f);
        for (Consumer<Finding> l : LISTENERS) {
            try {
                l.accept(f);
            } catch (RuntimeException e) {
                Log.error("a finding listener failed", e);
            }
        }
    }

    /** Called with each new finding, on the thread that found it. */
    public static void addListener(Consumer<Finding> listener) {
        LISTENERS.add(listener);
    }

    public static List<Finding> all() {
        synchronized (ALL) {
            return new ArrayList<>(ALL);
        }
    }
}
