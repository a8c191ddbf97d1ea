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

    private final Map<String, Scope> open = new HashMap<>();
    private final Map<String, String> parents = new HashMap<>();
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

    /** Opens a scope; {@code parentId} is the enclosing scope's id, or null. */
    synchronized TestContext open(String id, String name, String parentId, TestOptions options) {
        TestContext context = new TestContext(id, name, options.holdThresholdMs());
        open.put(id, new Scope(context, options));
        if (parentId != null) {
            parents.put(id, parentId);
        }
        scopesOpened++;
        return context;
    }

    /** Closes a scope and hands over what it collected; later findings of its context go to its parent. */
    synchronized Scope close(String id) {
        return open.remove(id);
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
        for (String id = f.test() == null ? null : f.test().id(); id != null; id = parents.get(id)) {
            Scope s = open.get(id);
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
