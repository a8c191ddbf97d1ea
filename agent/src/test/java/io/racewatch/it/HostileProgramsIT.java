package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.HostileKeys;
import testprograms.ManyThreadsMixed;
import testprograms.TasksTheExecutorInspects;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertDeduplicated;
import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.at;
import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond {@link RobustnessIT}: the program sees exactly the exceptions its maps and keys throw, a
 * key's hashCode may itself use an instrumented map, a key's toString may throw while a finding
 * about it is written, and 200 threads mixing clean and racy code get exactly the racy finding,
 * once. stderr must show no failure of the agent at all (no throwable, no racewatch frame).
 */
class HostileProgramsIT {
    @TempDir
    Path report;

    @Test
    void exceptionsFromKeysAndMapsReachTheProgramUnchanged() throws Exception {
        AgentRun.Result r = AgentRun.of(HostileKeys.class).option("exclude=testprograms.Handoff*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(
            "put:hashCode-boom",
            "get:hashCode-boom",
            "containsKey:hashCode-boom",
            "getOrDefault:hashCode-boom",
            "remove:hashCode-boom",
            "equals:equals-boom",
            "same-key-get=1",
            "treemap-not-comparable:ClassCastException",
            "treemap-null:NullPointerException",
            "chm-null-key:NullPointerException",
            "chm-null-value:NullPointerException",
            "reentrant-hash size=100 lookups=200",
            "tostring-race=1"), r.stdout().lines().toList(), r.transcript());
        assertEquals(PlainRun.stdout(HostileKeys.class), r.stdout(), "the same output as without the agent");
        assertNoAgentFailure(r);

        // The key's toString throws, yet the race on it is written (with whatever the agent makes of the key).
        JsonNode f = findingAt(r, "map-rmw", HostileKeys.class, "@read-q", "@write-q", "@write-p");
        assertRmwShape(f, "get");
        assertTrue(f.get("observed").asBoolean(), f.toString());
        assertTrue(f.at("/resource/key").isTextual(), "the key is rendered as some text: " + f);
    }

    @Test
    void twoHundredThreadsGetTheRacyFindingOnlyAndOnlyOnce() throws Exception {
        AgentRun.Result r = AgentRun.of(ManyThreadsMixed.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("many-threads locked=10000 merged=10000", r.stdout().trim(), r.transcript());
        assertNoAgentFailure(r);
        assertDeduplicated(r);
        for (JsonNode finding : r.findings()) {
            for (JsonNode access : finding.get("accesses")) {
                for (String clean : List.of("@locked-read", "@locked-write", "@merge")) {
                    assertTrue(!at(access, ManyThreadsMixed.class, clean),
                        "no finding at the locked or atomic code (" + clean + "):\n" + summary(r));
                }
            }
        }
        assertEquals(List.of(), r.findings("map-unsafe"), "only ConcurrentHashMaps are written unlocked:\n" + summary(r));

        JsonNode f = sameCodeRmw(r, ManyThreadsMixed.class, "@racy-read", "@racy-write");
        assertRmwShape(f, "get");
        assertEquals("java.util.concurrent.ConcurrentHashMap", f.at("/resource/class").asText());
    }

    /**
     * A task is wrapped to carry happens-before only when the wrapper is all it is: an executor
     * that asks its task whether it is {@code Closeable}, a {@code Future}, {@code Comparable} or its
     * own task class must get the same answers as without the agent.
     */
    @Test
    void executorsThatInspectTheirTasksSeeTheTasksThemselves() throws Exception {
        AgentRun.Result r = AgentRun.of(TasksTheExecutorInspects.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(
            "queued jobs closed at stop 1, the job closed true",
            "afterExecute read the task's future 42",
            "ran in rank order 0123",
            "ran urgent plain"), r.stdout().lines().toList(), r.transcript());
        assertEquals(PlainRun.stdout(TasksTheExecutorInspects.class), r.stdout(), "the same output as without the agent");
        assertNoAgentFailure(r);
        assertTrue(r.findings().isEmpty(), r.transcript());
    }
}
