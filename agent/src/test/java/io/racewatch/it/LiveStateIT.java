package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.EndedThreads;
import testprograms.LostUpdate;
import testprograms.ManyLiveLocks;
import testprograms.ShortLivedMaps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.racewatch.it.ItAssertions.findingAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caps on live state, not on history: after far more short-lived maps than the cap on tracked
 * maps, a race on a new map is still reported, and the heap stays flat while they come and go;
 * locks are named however many are alive.
 */
class LiveStateIT {
    private static final Pattern HEAP = Pattern.compile("heap-mb (\\d+) (\\d+)");

    @TempDir
    Path report;

    @Test
    void aRaceOnANewMapIsReportedAfterAMillionShortLivedMapsWithTheHeapFlat() throws Exception {
        AgentRun.Result r = AgentRun.of(ShortLivedMaps.class).option("exclude=testprograms.Handoff*")
            .option("maxMaps=5000").args("1000000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("maps=1000000 hits=1", r.stdout().trim(), r.transcript());

        JsonNode f = findingAt(r, "map-rmw", ShortLivedMaps.class, "@read-b", "@write-b", "@write-a");
        assertTrue(f.get("observed").asBoolean(), f.toString());
        assertTrue(r.stderr().contains("cap on tracked maps (5000) reached"), "the cap was hit and said so once:\n" + r.stderr());
        assertEquals(1, r.stderr().split("cap on tracked maps", -1).length - 1, r.stderr());

        // Heap used after a full GC at each tenth of the run: the agent keeps at most maxMaps
        // shadows, so the second half of the run holds no more than the first (a cap on history
        // would not free anything, and a million shadows take hundreds of megabytes).
        List<Integer> mb = new ArrayList<>();
        Matcher m = HEAP.matcher(r.stderr());
        while (m.find()) {
            mb.add(Integer.parseInt(m.group(2)));
        }
        assertEquals(10, mb.size(), r.stderr());
        int early = mb.subList(0, 5).stream().mapToInt(Integer::intValue).max().getAsInt();
        int late = mb.subList(5, 10).stream().mapToInt(Integer::intValue).max().getAsInt();
        assertTrue(late <= early + 16, "heap after GC grew from " + early + " MB to " + late + " MB: " + mb);
    }

    /**
     * Slots come back when a thread ends, even while its Thread object stays reachable: 6 000
     * threads over the run (the cap is 4 096), 50 alive at a time, then a race on two new threads.
     * Before, slots came back only when a Thread was collected: the cap was hit and the racing
     * threads went unchecked.
     */
    @Test
    void aRaceIsReportedAfterMoreThreadsHaveEndedThanThereAreSlots() throws Exception {
        AgentRun.Result r = AgentRun.of(EndedThreads.class).option("exclude=testprograms.Handoff*").args("6000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("threads=6000"), r.transcript());
        assertFalse(r.stderr().contains("cap on threads"), r.transcript());
        findingAt(r, "map-rmw", LostUpdate.class, "@read-b", "@write-b", "@write-a");
    }

    /**
     * A deadlock report names its locks by racewatch's names even when tens of thousands of
     * named locks are alive (a separate name table capped at 10 000 live locks dropped them,
     * and scanned itself in full for every new lock once it was full: commons-pool2's suite).
     */
    @Test
    void aDeadlockAfterManyLiveLocksStillNamesItsLocks() throws Exception {
        AgentRun.Result r = AgentRun.of(ManyLiveLocks.class).args("30000", report.toString()).option("deadlockCheckMs=50").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("live locks: 30000, still hung: true", r.stdout().trim(), r.transcript());
        List<JsonNode> found = r.findings("deadlock");
        assertEquals(1, found.size(), r.transcript());
        String message = found.get(0).get("message").asText();
        assertTrue(message.contains("ManyLiveLocks.left (java.lang.Object@") && message.contains("ManyLiveLocks.right (java.lang.Object@"), message);
        assertFalse(r.stderr().contains("cap on named locks"), r.stderr());
    }
}
