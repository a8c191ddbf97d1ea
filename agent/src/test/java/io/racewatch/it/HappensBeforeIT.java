package io.racewatch.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.Ordered;

import java.nio.file.Path;
import java.util.List;

/**
 * Every synchronization mechanism the JDK offers orders two read-modify-writes ({@link Ordered}):
 * with it, racewatch must report nothing; in its racy twin the same calls are made but no longer
 * order the updates (one thread forgot the lock, or the signal comes before the write), and the
 * race must be reported at both sites, which shows the clean result comes from the edge.
 */
class HappensBeforeIT {
    @TempDir
    Path report;

    static List<String> mechanisms() {
        return Ordered.mechanisms();
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void orderedByTheMechanismIsClean(String mechanism) throws Exception {
        Twins.assertClean(Twins.run(Ordered.class, mechanism, "clean", List.of()), mechanism, report);
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void racyTwinIsReportedAtBothSites(String mechanism) throws Exception {
        Twins.assertRacy(Twins.run(Ordered.class, mechanism, "racy", List.of()), Ordered.class, mechanism, report);
    }
}
