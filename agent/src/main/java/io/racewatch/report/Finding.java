package io.racewatch.report;

import io.racewatch.runtime.TestContext;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A race or lock problem racewatch found: what a person needs to act on it. One line of
 * {@code findings.jsonl} is one finding; the schema is in the README.
 */
public final class Finding {
    /**
     * The shared resource the finding is about.
     *
     * @param type    {@code map}, {@code lock} or {@code task}
     * @param name    the field that holds it ({@code JobTracker.jobs}) or its class and identity;
     *                for a task, how and where it was scheduled
     * @param clazz   its runtime class
     * @param key     the map key, or null
     * @param details further facts about the resource by name, in order, each a String or a Long
     *                (for a task: its owner, how it was scheduled, its period and next run)
     */
    public record Resource(String type, String name, String clazz, String key, Map<String, Object> details) {
        public Resource {
            details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        /** A resource with no details. */
        public Resource(String type, String name, String clazz, String key) {
            this(type, name, clazz, key, null);
        }
    }

    private final String kind;
    private final String message;
    private final Resource resource;
    private final List<Access> accesses;
    private final List<HistoryRow> history;
    private final boolean observed;
    private final Instant time;
    private final int[] sites;
    private final AtomicInteger count;
    private final TestContext test;
    private final Severity severity;
    private volatile Suppression suppression;

    /** A finding with its kind's default severity (see {@link Kinds}). */
    public Finding(String kind, String message, Resource resource, List<Access> accesses, List<HistoryRow> history,
                   boolean observed, int[] sites) {
        this(kind, message, resource, accesses, history, observed, sites, Severity.ofKind(kind));
    }

    /** A finding whose detector decided its severity. */
    public Finding(String kind, String message, Resource resource, List<Access> accesses, List<HistoryRow> history,
                   boolean observed, int[] sites, Severity severity) {
        // Findings are made on the thread that completed them, so the current test is that thread's.
        this(kind, message, resource, accesses, history, observed, sites, Instant.now(), TestContext.current(), 1, severity);
    }

    /** A finding as recorded earlier, with its kind's default severity. */
    Finding(String kind, String message, Resource resource, List<Access> accesses, List<HistoryRow> history,
            boolean observed, int[] sites, Instant time, TestContext test, int count) {
        this(kind, message, resource, accesses, history, observed, sites, time, test, count, null);
    }

    /** A finding as recorded earlier (read back from {@code findings.jsonl}), with its time, test, count and severity. */
    Finding(String kind, String message, Resource resource, List<Access> accesses, List<HistoryRow> history,
            boolean observed, int[] sites, Instant time, TestContext test, int count, Severity severity) {
        this.severity = severity == null ? Severity.ofKind(kind) : severity;
        this.time = time;
        this.test = test;
        this.count = new AtomicInteger(count);
        this.kind = kind;
        this.message = message;
        this.resource = resource;
        this.accesses = List.copyOf(accesses);
        this.history = List.copyOf(history);
        this.observed = observed;
        this.sites = sites.clone();
    }

    /** {@code map-rmw}, {@code map-unsafe}, {@code lock-hold}, {@code lock-order}, {@code deadlock} or {@code timer-outlives-owner}. */
    public String kind() {
        return kind;
    }

    /** How much it matters ({@code error}, {@code warning}, {@code note}) and why. */
    public Severity severity() {
        return severity;
    }

    public String message() {
        return message;
    }

    public Resource resource() {
        return resource;
    }

    public List<Access> accesses() {
        return accesses;
    }

    public List<HistoryRow> history() {
        return history;
    }

    /** True when the race really interleaved in this run; false when predicted from happens-before. */
    public boolean observed() {
        return observed;
    }

    public Instant time() {
        return time;
    }

    /** How many times this kind was found at the same sites. */
    public int count() {
        return count.get();
    }

    void repeated() {
        count.incrementAndGet();
    }

    /** The test during which the thread that completed this finding ran, or null outside tests. */
    public TestContext test() {
        return test;
    }

    /** Why this finding is not reported as a problem (a suppressions file rule, a test's allowance), or null. */
    public Suppression suppression() {
        return suppression;
    }

    void suppress(Suppression s) {
        suppression = s;
    }

    /** Deduplication key: kind, the sites of all accesses, and the test (one race fails every test that runs into it). */
    FindingKey dedupKey() {
        return FindingKey.of(kind, sites, test == null ? null : test.id());
    }
}
