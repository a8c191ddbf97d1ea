package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.HandedOverMaps;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Maps that change threads (a fork/join merge, a task's result read after {@code Future.get}):
 * racewatch hands a map to a thread ordered after everything its owner did instead of turning
 * it shared; a thread that is not so ordered is still reported at both sites, against the first
 * owner's write even after the map was handed over once.
 */
class HandedOverMapsIT {
    @TempDir
    Path report;

    private AgentRun.Result run(String mode) throws Exception {
        AgentRun.Result r = AgentRun.of(HandedOverMaps.class).option("exclude=testprograms.Handoff*")
            .option("holdThresholdMs=600000").args(mode).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertNoAgentFailure(r);
        return r;
    }

    @Test
    void aForkJoinMergeOfChildMapsAfterJoinIsClean() throws Exception {
        AgentRun.Result r = run("forkjoin");
        assertEquals("480", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), summary(r));
    }

    @Test
    void aTasksMapUpdatedAfterFutureGetIsClean() throws Exception {
        AgentRun.Result r = run("executor");
        assertEquals("5", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), summary(r));
    }

    @Test
    void aMergeIntoALeafsMapBeforeItsJoinIsReportedAtBothPuts() throws Exception {
        AgentRun.Result r = run("forkjoin-racy");
        assertEquals("13", r.stdout().trim(), r.transcript());
        findingAt(r, "map-unsafe", HandedOverMaps.class, "@racy-merge-put", "@leaf-put");
    }

    @Test
    void aThirdThreadUnorderedWithTheFirstOwnerIsReportedAfterAHandOver() throws Exception {
        AgentRun.Result r = run("third-thread");
        JsonNode f = findingAt(r, "map-unsafe", HandedOverMaps.class, "@third-put", "@first-put");
        assertEquals("writer", f.at("/accesses/0/thread").asText(), f.toString());
        assertEquals("main", f.at("/accesses/1/thread").asText(), f.toString());
    }
}
