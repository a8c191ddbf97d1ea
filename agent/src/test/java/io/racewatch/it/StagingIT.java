package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import testprograms.LockOrders;
import testprograms.Locks;
import testprograms.Ordered;
import testprograms.RepeatedUpdates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mode=staging} under the real agent. With the sampling window forced open for the whole
 * run ({@code sample=1}), staging's own paths (light hold timing, window checks) must find what
 * test mode finds and stay silent where it does: every happens-before twin, a race struck in
 * every round of a loop, a lock-order inversion. Long holds are timed outside windows too: with
 * windows almost never open, a slow call inside a lock is still a {@code lock-hold}.
 */
class StagingIT {
    private static final String STAGING = "mode=staging";
    private static final String ALWAYS_OPEN = "sample=1,overheadBudget=0"; // no budget may close the window
    private static final String HIDDEN_HANDOFF = "exclude=testprograms.Handoff*";
    private static final Pattern SEEN = Pattern.compile("map-rmw on RepeatedUpdates\\.counts .* seen (\\d+) times");

    @TempDir
    Path report;

    static List<String> mechanisms() {
        return Ordered.mechanisms();
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void orderedByTheMechanismIsClean(String mechanism) throws Exception {
        Twins.assertClean(Twins.run(Ordered.class, mechanism, "clean", List.of(STAGING, ALWAYS_OPEN)), mechanism, report);
    }

    @ParameterizedTest
    @MethodSource("mechanisms")
    void racyTwinIsReportedAtBothSites(String mechanism) throws Exception {
        Twins.assertRacy(Twins.run(Ordered.class, mechanism, "racy", List.of(STAGING, ALWAYS_OPEN)), Ordered.class, mechanism, report);
    }

    @Test
    void aRaceStruckInEveryRoundIsFoundInEveryRound() throws Exception {
        int rounds = 20;
        AgentRun.Result r = AgentRun.of(RepeatedUpdates.class).args(String.valueOf(rounds), "racy")
            .option(STAGING).option(ALWAYS_OPEN).option(HIDDEN_HANDOFF).option("holdThresholdMs=600000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("rounds=20 total=40", r.stdout().trim(), r.transcript());
        sameCodeRmw(r, RepeatedUpdates.class, "@read", "@write");
        String text = Files.readString(report.resolve("report.txt"));
        Matcher seen = SEEN.matcher(text);
        assertTrue(seen.find(), text);
        assertTrue(Integer.parseInt(seen.group(1)) >= rounds, "one detection per round at least:\n" + text);
        assertNoAgentFailure(r);
    }

    @Test
    void theSameLoopUnderOneLockIsSilent() throws Exception {
        AgentRun.Result r = AgentRun.of(RepeatedUpdates.class).args("20", "clean")
            .option(STAGING).option(ALWAYS_OPEN).option(HIDDEN_HANDOFF).option("holdThresholdMs=600000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("rounds=20 total=40", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        assertNoAgentFailure(r);
    }

    @Test
    void locksTakenInOppositeOrdersAreReported() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("inverted").option(STAGING).option(ALWAYS_OPEN).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        List<Integer> lines = found.get(0).findValues("line").stream().map(JsonNode::asInt).toList();
        for (String marker : List.of("@outer-ab", "@inner-ab", "@outer-ba", "@inner-ba")) {
            assertTrue(lines.contains(SourceLines.of(LockOrders.class, marker)), marker + " in " + found.get(0));
        }
    }

    @Test
    void aLongHoldIsCaughtWithWindowsAlmostNeverOpen() throws Exception {
        AgentRun.Result r = AgentRun.of(Locks.class).args("slow-io").option(STAGING).option("sample=0.001").option("windowMs=1")
            .option("holdThresholdMs=100").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> holds = r.findings("lock-hold");
        assertEquals(1, holds.size(), r.transcript());
        JsonNode f = holds.get(0);
        assertEquals("Locks.configLock", f.at("/resource/name").asText(), f.toString());
        assertEquals(SourceLines.of(Locks.class, "@lock-io"), f.at("/accesses/0/site/line").asInt());
        assertEquals(SourceLines.of(Locks.class, "@unlock-io"), f.at("/accesses/1/site/line").asInt());
    }

    @Test
    void aLongHoldTakenWhileTheHoldClockSleepsIsCaughtWithItsSample() throws Exception {
        AgentRun.Result r = AgentRun.of(Locks.class).args("slow-io-after-idle").option(STAGING).option("holdThresholdMs=100").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.transcript().contains("watchdog parked: true"), "idle for a second, the clock fell asleep: " + r.transcript());
        List<JsonNode> holds = r.findings("lock-hold");
        assertEquals(1, holds.size(), r.transcript());
        JsonNode f = holds.get(0);
        assertEquals(SourceLines.of(Locks.class, "@lock-io"), f.at("/accesses/0/site/line").asInt());
        assertEquals(SourceLines.of(Locks.class, "@unlock-io"), f.at("/accesses/1/site/line").asInt());
        assertEquals("while holding", f.at("/accesses/2/op").asText(), "the acquisition woke the watchdog, which sampled the holder");
    }
}
