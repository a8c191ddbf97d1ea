package io.racewatch.junit;

import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Log;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one-line account of a test run: findings by kind, what racewatch failed, and nothing left out silently. */
final class RunSummary {
    private RunSummary() {
    }

    static void log() {
        Log.info(text());
    }

    static String text() {
        List<Finding> all = Findings.all();
        List<Finding> suppressed = Findings.suppressed();
        Map<String, Integer> byKind = new TreeMap<>();
        for (Finding f : all) {
            byKind.merge(f.kind(), 1, Integer::sum);
        }
        long allowed = suppressed.stream().filter(f -> f.suppression().inSource()).count();
        Attribution attribution = Attribution.get();
        StringBuilder s = new StringBuilder("test run: ").append(all.size()).append(all.size() == 1 ? " finding" : " findings");
        if (!byKind.isEmpty()) {
            s.append(' ').append(byKind.toString().replace('{', '(').replace('}', ')').replace('=', ':'));
        }
        s.append("; ").append(RunTally.testsFailed()).append(" tests and ").append(RunTally.classesFailed())
            .append(" classes failed by racewatch; ").append(RunTally.warnings()).append(" warnings; ")
            .append(suppressed.size()).append(" suppressed (").append(suppressed.size() - allowed).append(" by the suppressions file, ")
            .append(allowed).append(" allowed by tests); ").append(attribution.outside().size()).append(" outside any test");
        if (attribution.scopesOpened() == 0) {
            s.append(". No test was watched: register RaceWatchExtension (@RaceWatch, @ExtendWith, or"
                + " junit.jupiter.extensions.autodetection.enabled=true) so that races fail the tests that ran into them");
        }
        return s.toString();
    }
}
