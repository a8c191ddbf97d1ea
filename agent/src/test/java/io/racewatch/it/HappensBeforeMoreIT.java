package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.AtomicMapOps;
import testprograms.OrderedMore;
import testprograms.SingleThreaded;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond {@link HappensBeforeIT}: the call forms of each mechanism that {@code Ordered} does not
 * use ({@link OrderedMore}), clean and racy twins, and the programs that are clean for another
 * reason: atomic operations on a ConcurrentHashMap from unordered threads, and a single thread.
 */
class HappensBeforeMoreIT {
    @TempDir
    Path report;

    static List<String> mechanisms() {
        return OrderedMore.mechanisms();
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void orderedByTheMechanismIsClean(String mechanism) throws Exception {
        Twins.assertClean(Twins.run(OrderedMore.class, mechanism, "clean", List.of()), mechanism, report);
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void racyTwinIsReportedAtBothSites(String mechanism) throws Exception {
        Twins.assertRacy(Twins.run(OrderedMore.class, mechanism, "racy", List.of()), OrderedMore.class, mechanism, report);
    }

    @Test
    void atomicOperationsOnAConcurrentMapFromUnorderedThreadsAreClean() throws Exception {
        AgentRun.Result r = AgentRun.of(AtomicMapOps.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("merged=2000 computed=2000 cas=2000 absent=5 first=1", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), "atomic ops are no read-modify-write race:\n" + summary(r) + r.transcript());
        assertNoAgentFailure(r);
    }

    @Test
    void oneThreadNeverRaces() throws Exception {
        AgentRun.Result r = AgentRun.of(SingleThreaded.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        for (String map : List.of("HashMap", "TreeMap", "LinkedHashMap", "ConcurrentHashMap", "Hashtable")) {
            assertTrue(r.stdout().contains("single-thread " + map + " total=5000 size=10"), r.transcript());
        }
        assertEquals(List.of(), r.findings(), summary(r) + r.transcript());
        assertNoAgentFailure(r);
    }
}
