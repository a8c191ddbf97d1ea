package io.racewatch.report;

import java.util.List;

/**
 * The kinds of finding, with the stable SARIF rule id and name of each, and the selectors that
 * suppressions and test options use to name them: a kind, {@code race} (the data races on maps,
 * ThreadSanitizer's word) or {@code *} (every kind).
 */
public final class Kinds {
    /**
     * One kind of finding.
     *
     * @param name        as in {@code findings.jsonl}: {@code map-rmw}, ...
     * @param ruleId      the SARIF rule id; never changes once published
     * @param title       the SARIF rule name
     * @param description one sentence on what it means
     * @param level       the default severity and SARIF level: {@code error} for a bug, {@code warning} for a
     *                    risk; a detector may lower it for one finding (a duplicate computation is a {@code note})
     * @param severityReason why the default level, one sentence
     */
    public record Kind(String name, String ruleId, String title, String description, String level, String severityReason) {
    }

    public static final List<Kind> ALL = List.of(
        new Kind("map-rmw", "RW1001", "MapReadModifyWrite",
            "A thread read a map key and then wrote it with no lock held across both while another thread wrote the key:"
                + " a lost update or a check-then-act.", "error",
            "lost update: one thread's value replaced another's"),
        new Kind("map-unsafe", "RW1002", "UnsafeMapConcurrentWrite",
            "Two threads wrote a map that is not thread-safe with no happens-before ordering between the writes.", "error",
            "concurrent writes can corrupt a map that is not thread-safe (lost entries, broken buckets)"),
        new Kind("lock-hold", "RW2001", "LongLockHold", "A lock was held longer than the hold threshold.", "warning",
            "a long hold costs latency but loses nothing, and tests often hold a lock on purpose"),
        new Kind("lock-order", "RW2002", "LockOrderInversion",
            "Two locks were taken in opposite orders by two threads: a potential deadlock.", "error",
            "both orders ran: the program can deadlock whenever the two threads meet there"),
        new Kind("deadlock", "RW2003", "Deadlock", "Threads were blocked forever, each waiting for a lock another holds.", "error",
            "the threads hang"),
        new Kind("timer-outlives-owner", "RW3001", "TimerOutlivesOwner",
            "A scheduled task was still scheduled, or ran, after the object that scheduled it was closed.", "warning",
            "a task left behind costs work and memory; it is an error when it ran after the close"));

    private Kinds() {
    }

    /** True when {@code selector} is a kind, {@code race} or {@code *}. */
    public static boolean isSelector(String selector) {
        return selector.equals("*") || selector.equals("race") || byName(selector) != null;
    }

    /** True when {@code selector} names {@code kind}. */
    public static boolean selects(String selector, String kind) {
        return selector.equals("*") || selector.equals(kind) || (selector.equals("race") && kind.startsWith("map-"));
    }

    /** The kind called {@code name}, or null. */
    public static Kind byName(String name) {
        for (Kind k : ALL) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** Every selector accepted, for messages. */
    public static String accepted() {
        StringBuilder s = new StringBuilder();
        for (Kind k : ALL) {
            s.append(k.name()).append(", ");
        }
        return s.append("race (the map kinds), * (every kind)").toString();
    }
}
