package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.AtomicMapOps;
import testprograms.Ordered;
import testprograms.OrderedMore;
import testprograms.SingleThreaded;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond {@link HappensBeforeIT}: the call forms of each mechanism that {@code Ordered} does not
 * use ({@link OrderedMore}), the hidden twins checked down to their sites (the read and write in
 * {@code bump()}, predicted, by two threads), and the programs that are clean for another reason:
 * atomic operations on a ConcurrentHashMap from unordered threads, and a single thread.
 */
class HappensBeforeMoreIT {
    @TempDir
    Path report;

    @ParameterizedTest
    @ValueSource(strings = {"executor-execute", "submit-get-timeout", "supply-async", "blocking-queue-put",
        "atomic-integer-cas", "static-volatile", "nested-synchronized", "static-synchronized-method",
        "nested-reentrant-lock", "try-lock", "lock-interruptibly", "join-timeout"})
    void orderedByTheMechanismIsCleanAndItsHiddenTwinIsReportedAtBump(String mechanism) throws Exception {
        AgentRun.Result visible = AgentRun.of(OrderedMore.class).args(mechanism).run(report.resolve("visible"));
        assertEquals(0, visible.exitCode(), visible.transcript());
        assertTrue(visible.stdout().startsWith(mechanism + " count="), visible.transcript());
        assertEquals(List.of(), visible.findings(), mechanism + " orders the two updates; found:\n" + summary(visible)
            + visible.transcript());
        assertNoAgentFailure(visible);

        AgentRun.Result hidden = AgentRun.of(OrderedMore.class).args(mechanism).option("exclude=testprograms.OrderedMore$*")
            .run(report.resolve("hidden"));
        assertEquals(0, hidden.exitCode(), hidden.transcript());
        assertEquals(visible.stdout(), hidden.stdout(), "hiding the mechanism changes nothing in the program");
        assertHiddenTwinReported(hidden, OrderedMore.class, mechanism);
    }

    /** {@link HappensBeforeIT} checks that a hidden twin has some map-rmw; these check where, for a lock, a monitor and a latch. */
    @ParameterizedTest
    @ValueSource(strings = {"synchronized", "reentrant-lock", "count-down-latch", "start-join"})
    void hiddenTwinsOfOrderedAreReportedAtBump(String mechanism) throws Exception {
        AgentRun.Result hidden = AgentRun.of(Ordered.class).args(mechanism).option("exclude=testprograms.Ordered$*")
            .run(report);
        assertEquals(0, hidden.exitCode(), hidden.transcript());
        assertHiddenTwinReported(hidden, Ordered.class, mechanism);
    }

    private static void assertHiddenTwinReported(AgentRun.Result hidden, Class<?> program, String mechanism) throws Exception {
        JsonNode f = sameCodeRmw(hidden, program, "@read", "@write");
        assertRmwShape(f, "get");
        assertFalse(f.get("observed").asBoolean(),
            mechanism + " still orders the threads in real time, the race is predicted: " + f);
        assertEquals("java.util.HashMap", f.at("/resource/class").asText());
        assertEquals("k", f.at("/resource/key").asText());
        assertNoAgentFailure(hidden);
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
