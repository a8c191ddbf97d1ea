package io.racewatch.junit;

import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.report.Suppression;
import io.racewatch.report.SuppressionRule;
import io.racewatch.runtime.TestContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Charges each finding to the test or class whose context the finding carries, while that scope
 * is open; a finding whose scope has closed (a thread that outlived its test) goes to the
 * nearest enclosing scope still open, and to the run's summary when none is. Also lets a scope's
 * allowed races through as suppressed findings, with their reason.
 *
 * <p>One per JVM: it listens to the agent's findings, which are made on application threads.
 */
final class Attribution implements Consumer<Finding>, Function<Finding, Suppression> {
    /** An open test or class: its context, options and what it has collected. */
    static final class Scope {
        final TestContext context;
        final TestOptions options;
        final List<Finding> found = new ArrayList<>();
        final List<Finding> allowed = new ArrayList<>();

        Scope(TestContext context, TestOptions options) {
            this.context = context;
            this.options = options;
        }
    }

    private static Attribution instance;

    private final Map<TestContext, Scope> open = new HashMap<>();
    private final Map<TestContext, TestContext> parents = new HashMap<>();
    private final List<Finding> outside = new ArrayList<>();
    private int scopesOpened;

    private Attribution() {
    }

    /** The JVM's attribution, registered with the agent on first use. Call only once the agent runs. */
    static synchronized Attribution get() {
        if (instance == null) {
            instance = new Attribution();
            Findings.addListener(instance);
            Findings.addSuppressor(instance);
        }
        return instance;
    }

    /**
     * Opens a scope for the test or class {@code uniqueId} inside {@code parent} (null when none is
     * open) and returns its context. Each run of a test gets a context of its own, so that running
     * it again in the same JVM reports its races again.
     */
    synchronized TestContext open(String uniqueId, String name, TestContext parent, TestOptions options) {
        TestContext context = new TestContext(uniqueId + " #" + (++scopesOpened), name, options.holdThresholdMs());
        open.put(context, new Scope(context, options));
        if (parent != null) {
            parents.put(context, parent);
        }
        return context;
    }

    /** Closes a scope and hands over what it collected; later findings of its context go to its parent. */
    synchronized Scope close(TestContext context) {
        return open.remove(context);
    }

    @Override
    public synchronized void accept(Finding f) {
        Scope s = scopeOf(f);
        (s == null ? outside : s.found).add(f);
    }

    @Override
    public synchronized Suppression apply(Finding f) {
        Scope s = scopeOf(f);
        if (s == null) {
            return null;
        }
        for (SuppressionRule rule : s.options.allowed()) {
            if (rule.matches(f)) {
                s.allowed.add(f);
                return rule.suppression(true);
            }
        }
        return null;
    }

    private Scope scopeOf(Finding f) {
        for (TestContext c = f.test(); c != null; c = parents.get(c)) {
            Scope s = open.get(c);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** Findings made outside any open scope so far. */
    synchronized List<Finding> outside() {
        return new ArrayList<>(outside);
    }

    /** How many tests and classes were watched. */
    synchronized int scopesOpened() {
        return scopesOpened;
    }
}
