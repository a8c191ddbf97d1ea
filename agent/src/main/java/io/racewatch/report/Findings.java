package io.racewatch.report;

import io.racewatch.runtime.Log;
import io.racewatch.runtime.TestContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where every finding goes: deduplicated by kind, sites and test (repeats are counted), kept for
 * the final report and for test-time listeners, and handed to the sinks as it is made.
 *
 * <p>Suppressions apply here, not in the detectors: a finding that a suppressions-file rule or a
 * test's allowance matches is kept aside, counted and reported as suppressed, and not handed to
 * the sinks or listeners.
 */
public final class Findings {
    private static final int MAX_KEPT = 10_000;
    private static final Map<FindingKey, Finding> BY_KEY = new ConcurrentHashMap<>();
    private static final List<Finding> ALL = Collections.synchronizedList(new ArrayList<>());
    private static final List<Finding> SUPPRESSED = Collections.synchronizedList(new ArrayList<>());
    private static final List<Consumer<Finding>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final List<Function<Finding, Suppression>> SUPPRESSORS = new CopyOnWriteArrayList<>();
    private static volatile List<SuppressionRule> fileRules = List.of();

    private Findings() {
    }

    /** Counts a repeat of a known finding; false when it is new and must be built and published. */
    public static boolean repeat(String kind, int[] sites) {
        TestContext test = TestContext.current();
        Finding known = BY_KEY.get(FindingKey.probe(kind, sites, test == null ? null : test.id()));
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
        if (ALL.size() + SUPPRESSED.size() >= MAX_KEPT) {
            io.racewatch.runtime.Limits.hitFindings(MAX_KEPT);
            return;
        }
        Suppression s = suppressionOf(f);
        if (s != null) {
            f.suppress(s);
            SUPPRESSED.add(f);
            return;
        }
        ALL.add(f);
        for (Consumer<Finding> l : LISTENERS) {
            try {
                l.accept(f);
            } catch (RuntimeException e) {
                Log.errorLater("a finding listener failed", e);
            }
        }
    }

    private static Suppression suppressionOf(Finding f) {
        for (SuppressionRule rule : fileRules) {
            if (rule.matches(f)) {
                return rule.suppression(false);
            }
        }
        for (Function<Finding, Suppression> suppressor : SUPPRESSORS) {
            try {
                Suppression s = suppressor.apply(f);
                if (s != null) {
                    return s;
                }
            } catch (RuntimeException e) {
                Log.errorLater("a suppressor failed", e);
            }
        }
        return null;
    }

    /** The rules of the suppressions file, set once at start-up. */
    public static void useSuppressions(List<SuppressionRule> rules) {
        fileRules = List.copyOf(rules);
    }

    /**
     * Adds a check that may set a new finding aside (a test's allowance of a known race): it
     * returns the suppression, or null to let the finding through. Called on the thread that found it.
     */
    public static void addSuppressor(Function<Finding, Suppression> suppressor) {
        SUPPRESSORS.add(suppressor);
    }

    /** Called with each new finding, on the thread that found it. */
    public static void addListener(Consumer<Finding> listener) {
        LISTENERS.add(listener);
    }

    /** Every finding reported, in the order found (suppressed ones are not among them). */
    public static List<Finding> all() {
        synchronized (ALL) {
            return new ArrayList<>(ALL);
        }
    }

    /** Every finding a suppression set aside, in the order found. */
    public static List<Finding> suppressed() {
        synchronized (SUPPRESSED) {
            return new ArrayList<>(SUPPRESSED);
        }
    }
}
