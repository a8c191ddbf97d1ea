package io.racewatch.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs fixture test classes through the Jupiter engine in this JVM (under the agent) and tells how each test ended. */
final class Outcomes {
    private final EngineExecutionResults results;

    private Outcomes(EngineExecutionResults results) {
        this.results = results;
    }

    static Outcomes run(Class<?> cases, String... configuration) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(cases));
        for (String pair : configuration) {
            int eq = pair.indexOf('=');
            kit.configurationParameter(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Outcomes(kit.execute());
    }

    /** The failure of test method {@code method}, or null when it passed. */
    Throwable failureOf(String method) {
        for (Event e : results.testEvents().finished().list()) {
            if (isOf(e, method)) {
                TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                return r.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? null
                    : r.getThrowable().orElse(new AssertionError(r.getStatus().toString()));
            }
        }
        throw new AssertionError("test " + method + " did not run; events: " + results.allEvents().list());
    }

    private static boolean isOf(Event e, String method) {
        return e.getTestDescriptor().getSource()
            .filter(s -> s instanceof MethodSource && ((MethodSource) s).getMethodName().equals(method)).isPresent();
    }

    /** The failure message of test {@code method}; fails when it passed. */
    String messageOf(String method) {
        Throwable t = failureOf(method);
        if (t == null) {
            throw new AssertionError(method + " passed; expected racewatch to fail it");
        }
        return t.getMessage();
    }

    /** Method name to failure (null when it passed), for assertion messages. */
    Map<String, String> summary() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Event e : results.testEvents().finished().list()) {
            String name = e.getTestDescriptor().getDisplayName();
            TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
            out.put(name, r.getThrowable().map(Throwable::toString).orElse(null));
        }
        return out;
    }

    /** The failure of the class container, or null when it succeeded. */
    Throwable classFailure() {
        for (Event e : results.containerEvents().finished().list()) {
            if (e.getTestDescriptor().getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent()) {
                return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElse(null);
            }
        }
        throw new AssertionError("no class container finished");
    }

    /** Values of the report entries published under {@code key} by test {@code method}. */
    List<String> entries(String method, String key) {
        List<String> out = new ArrayList<>();
        for (Event e : results.allEvents().reportingEntryPublished().list()) {
            ReportEntry entry = e.getPayload(ReportEntry.class).orElseThrow();
            if (isOf(e, method) && entry.getKeyValuePairs().containsKey(key)) {
                out.add(entry.getKeyValuePairs().get(key));
            }
        }
        return out;
    }
}
