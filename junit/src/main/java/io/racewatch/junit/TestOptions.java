package io.racewatch.junit;

import io.racewatch.report.Finding;
import io.racewatch.report.Kinds;
import io.racewatch.report.Severity;
import io.racewatch.report.SuppressionRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The options in force for one test or class: which kinds fail and which only warn, the hold
 * threshold, and the races allowed. Made from an enclosing scope's options and a
 * {@link RaceWatch} annotation; the outermost scope takes the configuration parameters.
 */
final class TestOptions {
    static final String FAIL_ON = "racewatch.failOn";
    static final String WARN_ON = "racewatch.warnOn";
    static final String HOLD_THRESHOLD = "racewatch.holdThresholdMs";
    static final String FAIL_AT = "racewatch.failAt";

    private final List<String> failOn;
    private final List<String> warnOn;
    private final long holdThresholdMs;
    private final List<SuppressionRule> allowed;
    private final String failAt;

    private TestOptions(List<String> failOn, List<String> warnOn, String failAt, long holdThresholdMs, List<SuppressionRule> allowed) {
        this.failAt = failAt;
        this.failOn = failOn;
        this.warnOn = warnOn;
        this.holdThresholdMs = holdThresholdMs;
        this.allowed = allowed;
    }

    /** The suite's options, from configuration parameters ({@code racewatch.failOn=map-rmw,map-unsafe}, ...). */
    static TestOptions fromConfiguration(Function<String, Optional<String>> config) {
        List<String> failOn = config.apply(FAIL_ON).map(v -> kinds(FAIL_ON, v.split(","))).orElse(List.of("*"));
        List<String> warnOn = config.apply(WARN_ON).map(v -> kinds(WARN_ON, v.split(","))).orElse(List.of());
        String failAt = config.apply(FAIL_AT).map(v -> severity(FAIL_AT, v)).orElse(Severity.ERROR);
        long hold = config.apply(HOLD_THRESHOLD).map(v -> threshold(HOLD_THRESHOLD, v)).orElse(0L);
        return new TestOptions(failOn, warnOn, failAt, hold, List.of());
    }

    /** These options with an annotation's on top: given lists replace, allowances add up. */
    TestOptions with(RaceWatch annotation) {
        if (annotation == null) {
            return this;
        }
        List<SuppressionRule> allow = new ArrayList<>(allowed);
        for (RaceWatch.Allow a : annotation.allow()) {
            if (a.reason().isBlank()) {
                throw new IllegalArgumentException("@RaceWatch.Allow(\"" + a.value() + "\") needs a reason");
            }
            try {
                allow.add(SuppressionRule.parse(a.value(), a.reason()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("@RaceWatch.Allow(\"" + a.value() + "\"): " + e.getMessage(), e);
            }
        }
        return new TestOptions(
            annotation.failOn().length > 0 ? kinds("failOn", annotation.failOn()) : failOn,
            annotation.warnOn().length > 0 ? kinds("warnOn", annotation.warnOn()) : warnOn,
            annotation.failAt().isBlank() ? failAt : severity("failAt", annotation.failAt()),
            annotation.holdThresholdMs() > 0 ? annotation.holdThresholdMs() : holdThresholdMs,
            List.copyOf(allow));
    }

    private static List<String> kinds(String option, String[] given) {
        List<String> out = new ArrayList<>();
        for (String k : given) {
            String kind = k.trim();
            if (!Kinds.isSelector(kind)) {
                throw new IllegalArgumentException(option + ": unknown kind '" + kind + "'; accepted: " + Kinds.accepted());
            }
            out.add(kind);
        }
        return List.copyOf(out);
    }

    private static String severity(String option, String value) {
        try {
            return Severity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private static long threshold(String option, String value) {
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 1) {
                return ms;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + "=" + value + ": expected a whole number of milliseconds >= 1");
    }

    /** True when a finding of {@code kind} may fail the test (its severity decides); false when it only warns. */
    boolean fails(String kind) {
        return selected(failOn, kind) && !selected(warnOn, kind);
    }

    /** True when {@code f} fails the test: its kind is one that fails, and it is at least as severe as {@code failAt}. */
    boolean fails(Finding f) {
        return fails(f.kind()) && f.severity().atLeast(failAt);
    }

    /** The least severity that fails: {@code error}, {@code warning} or {@code note}. */
    String failAt() {
        return failAt;
    }

    private static boolean selected(List<String> selectors, String kind) {
        for (String s : selectors) {
            if (Kinds.selects(s, kind)) {
                return true;
            }
        }
        return false;
    }

    /** The lock-hold threshold, or 0 for the agent's. */
    long holdThresholdMs() {
        return holdThresholdMs;
    }

    /** Known races allowed here. */
    List<SuppressionRule> allowed() {
        return allowed;
    }
}
