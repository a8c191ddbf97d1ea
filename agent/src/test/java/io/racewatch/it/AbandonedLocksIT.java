package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.AbandonedLocks;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lock dropped still locked where no other thread can reach it (Derby's cache entries) makes no
 * lock order, while a lock held across methods and reachable by others still does.
 */
class AbandonedLocksIT {
    @TempDir
    Path report;

    private static int line(String marker) {
        return SourceLines.of(AbandonedLocks.class, marker);
    }

    private static Set<Integer> lines(JsonNode finding) {
        return StreamSupport.stream(finding.get("accesses").spliterator(), false)
            .map(a -> a.at("/site/line").asInt()).collect(Collectors.toSet());
    }

    @Test
    void aLockDroppedStillLockedWhereNoOtherThreadCanReachItMakesNoLockOrder() throws Exception {
        // The loser holds the index while the winner's thread runs: no long hold on a busy machine.
        AgentRun.Result r = AgentRun.of(AbandonedLocks.class).args("abandoned").option("holdThresholdMs=10000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("abandoned done, dropped 1"), "the loser dropped its fresh entry locked\n" + r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"held", "held-contended"})
    void aPublishedLockHeldAcrossMethodsAndTakenInTheOppositeOrderIsAnError(String mode) throws Exception {
        // The other thread holds the journal while it waits for the entry: no long hold on a busy machine.
        AgentRun.Result r = AgentRun.of(AbandonedLocks.class).args(mode).option("holdThresholdMs=10000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        JsonNode f = found.get(0);
        assertEquals("error", f.get("severity").asText(), "the holder's entry is the very one the other thread took: " + f);
        String journal = mode.equals("held") ? "@journal-held" : "@journal-held-contended";
        assertEquals(Set.of(line("@fresh-lock"), line(journal), line("@journal-outer"), line("@hit-lock")), lines(f), f.toString());
        String threads = f.get("accesses").toString();
        assertTrue(threads.contains("\"holder\"") && threads.contains("\"other\""), threads);
        assertEquals(1, r.findings().size(), r.transcript());
    }

    @Test
    void aCyclePredictedFromNamesThroughAHoldThatEndsIsStillAWarning() throws Exception {
        AgentRun.Result r = AgentRun.of(AbandonedLocks.class).args("held-names").option("holdThresholdMs=10000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        JsonNode f = found.get(0);
        assertEquals("warning", f.get("severity").asText(), f.toString());
        assertTrue(f.toString().contains("predicted from lock names"), f.toString());
        assertEquals(Set.of(line("@fresh-lock"), line("@journal-held-names"), line("@journal-outer")), lines(f), f.toString());
        assertEquals(1, r.findings().size(), r.transcript());
    }
}
