package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.Contention;
import testprograms.DeadlockWhileIdle;
import testprograms.Deadlocks;
import testprograms.LockOrders;
import testprograms.Locks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long holds, lock-order inversions, deadlocks and the lock-wait report, under the real agent. */
class LocksIT {
    @TempDir
    Path report;

    private static int line(Class<?> program, String marker) {
        return SourceLines.of(program, marker);
    }

    private static Set<Integer> lines(JsonNode finding) {
        return StreamSupport.stream(finding.get("accesses").spliterator(), false)
            .map(a -> a.at("/site/line").asInt()).collect(Collectors.toSet());
    }

    @Test
    void slowIoInsideALockIsALongHoldWithWhatTheHolderWasDoing() throws Exception {
        AgentRun.Result r = AgentRun.of(Locks.class).args("slow-io").option("holdThresholdMs=100").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> holds = r.findings("lock-hold");
        assertEquals(1, holds.size(), r.transcript());
        JsonNode f = holds.get(0);
        assertEquals("Locks.configLock", f.at("/resource/name").asText());
        assertEquals(line(Locks.class, "@lock-io"), f.at("/accesses/0/site/line").asInt());
        assertEquals("lock", f.at("/accesses/0/op").asText());
        assertEquals(line(Locks.class, "@unlock-io"), f.at("/accesses/1/site/line").asInt());
        assertEquals("while holding", f.at("/accesses/2/op").asText(), "the watchdog's sample of the holder");
        String sample = f.at("/accesses/2/stack").toString();
        assertTrue(sample.contains("Locks.slowIoInsideLock") && (sample.contains("Socket") || sample.contains("Net.poll")), sample);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-holds", "wait-inside", "try-lock-fails"})
    void shortHoldsWaitsAndFailedTryLocksAreNoFinding(String mode) throws Exception {
        // Short holds: a generous threshold keeps a descheduled thread on a busy machine from looking
        // like a long hold (the failed tryLock's holder waits for another thread while holding). The
        // wait case needs one below its 300 ms wait.
        String threshold = mode.equals("wait-inside") ? "holdThresholdMs=100" : "holdThresholdMs=2000";
        AgentRun.Result r = AgentRun.of(Locks.class).args(mode).option(threshold).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        if (mode.equals("try-lock-fails")) {
            assertTrue(r.stdout().contains("acquired=false"), r.transcript());
            JsonNode busy = lock(report, "Locks.busy");
            assertEquals(1, busy.get("acquisitions").asInt(), "a failed tryLock is no acquisition: " + busy);
        }
    }

    @Test
    void locksTakenInOppositeOrdersAreReportedWithAllFourSites() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("inverted").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals(Set.of(line(LockOrders.class, "@outer-ab"), line(LockOrders.class, "@inner-ab"),
            line(LockOrders.class, "@outer-ba"), line(LockOrders.class, "@inner-ba")), lines(found.get(0)));
        String threads = found.get(0).get("accesses").toString();
        assertTrue(threads.contains("\"transfer\"") && threads.contains("\"audit\""), threads);
        assertEquals("error", found.get(0).get("severity").asText(), "these very locks: " + found.get(0));
    }

    @Test
    void aCycleClosedAgainFromAnotherOfItsEdgesIsOneFinding() throws Exception {
        // New objects on a known edge look for the way back from that edge: the same ring, turned. Curator's suite got
        // ZooKeeper's three-lock cycle once per turn.
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("ring-closed-twice").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals("error", found.get(0).get("severity").asText(), found.get(0).toString());
        assertTrue(found.get(0).at("/resource/name").asText().startsWith("Ring1.lock"), found.get(0).toString());
    }

    @Test
    void twoObjectsOfOneLockNameNestedByDesignAreAWarning() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("nested-pools").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals("warning", found.get(0).get("severity").asText(), found.get(0).toString());
        assertTrue(found.get(0).toString().contains("predicted from lock names"), found.get(0).toString());
        assertEquals(Set.of(line(LockOrders.class, "@pool-lock"), line(LockOrders.class, "@statements-lock")),
            lines(found.get(0)), found.get(0).toString());
    }

    @Test
    void aCycleFirstPredictedFromNamesIsAnErrorOnceOneObjectPlaysBothRoles() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("names-then-objects").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(2, found.size(), r.transcript());
        JsonNode predicted = found.stream().filter(f -> f.get("severity").asText().equals("warning")).findFirst().orElseThrow();
        JsonNode confirmed = found.stream().filter(f -> f.get("severity").asText().equals("error")).findFirst().orElseThrow();
        assertTrue(predicted.toString().contains("predicted from lock names"), predicted.toString());
        Set<Integer> sites = Set.of(line(LockOrders.class, "@lr-outer"), line(LockOrders.class, "@lr-inner"),
            line(LockOrders.class, "@rl-outer"), line(LockOrders.class, "@rl-inner"));
        assertEquals(sites, lines(confirmed), confirmed.toString());
        // The order that closes the cycle on left1 and right1 is the second thread's.
        assertTrue(confirmed.get("message").asText().contains("audit took Left.lock"), confirmed.toString());

        AgentRun.Result twin = AgentRun.of(LockOrders.class).args("names-only").run(report.resolve("twin"));
        List<JsonNode> only = twin.findings("lock-order");
        assertEquals(1, only.size(), twin.transcript());
        assertEquals("warning", only.get(0).get("severity").asText(), only.get(0).toString());
    }

    @Test
    void theSameObjectInBothRolesIsAnError() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("pool-inverted").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals("error", found.get(0).get("severity").asText(), found.get(0).toString());
        assertTrue(lines(found.get(0)).containsAll(Set.of(line(LockOrders.class, "@check-pool-lock"),
            line(LockOrders.class, "@check-conn"), line(LockOrders.class, "@flush-pool-lock"))), found.get(0).toString());
    }

    @Test
    void javaUtilConcurrentLocksInOppositeOrdersToo() throws Exception {
        AgentRun.Result r = AgentRun.of(LockOrders.class).args("inverted-locks").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(1, r.findings("lock-order").size(), r.transcript());
        assertTrue(r.findings("lock-order").get(0).at("/resource/name").asText().contains("LockOrders.stock"), r.transcript());
    }

    @ParameterizedTest
    @ValueSource(strings = {"consistent", "gated"})
    void oneOrderOrAGateLockIsSafe(String mode) throws Exception {
        // About lock order only: on a loaded machine a short hold can pass the default hold threshold.
        AgentRun.Result r = AgentRun.of(LockOrders.class).args(mode).option("holdThresholdMs=10000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitors", "locks"})
    void aRealDeadlockIsReportedWhileTheProgramIsHung(String kind) throws Exception {
        AgentRun.Result r = AgentRun.of(Deadlocks.class).args(kind, report.toString()).option("deadlockCheckMs=50").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("still hung: true"), r.transcript());
        List<JsonNode> found = r.findings("deadlock");
        assertEquals(1, found.size(), r.transcript());
        JsonNode f = found.get(0);
        assertEquals(2, f.get("accesses").size());
        String marker = kind.equals("monitors") ? "@wait-monitor" : "@wait-lock";
        assertEquals(Set.of(line(Deadlocks.class, marker)), lines(f), "both threads wait at the inner acquisition");
        assertTrue(f.get("message").asText().contains("left-first") && f.get("message").asText().contains("right-first"), f.toString());
    }

    /**
     * The hold clock sleeps while nothing is held, in both modes: the deadlock search goes on meanwhile, for a
     * deadlock on locks racewatch does not track leaves no hold open to wake it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"test", "staging"})
    void aDeadlockOnUntrackedLocksIsFoundWhileTheHoldClockSleeps(String mode) throws Exception {
        AgentRun.Result r = AgentRun.of(DeadlockWhileIdle.class).args(report.toString()).option("mode=" + mode)
            .option("exclude=testprograms.DeadlockWhileIdle$Untracked").option("deadlockCheckMs=50").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("watchdog parked: true"), "idle for a second, the clock fell asleep: " + r.transcript());
        assertTrue(r.stdout().contains("still hung: true"), r.transcript());
        assertEquals(1, r.findings("deadlock").size(), r.transcript());
    }

    @Test
    void theLockWaitReportCountsKnownContentionAndBlamesTheHolder() throws Exception {
        AgentRun.Result r = AgentRun.of(Contention.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        for (String name : List.of("Contention.hot", "Contention.hotMonitor")) {
            JsonNode lock = lock(report, name);
            assertEquals(2 * Contention.ROUNDS, lock.get("acquisitions").asInt(), lock.toString());
            assertEquals(Contention.ROUNDS, lock.get("contended").asInt(), lock.toString());
            assertTrue(lock.get("waitTotalNs").asLong() > 0, lock.toString());
            JsonNode blamed = lock.at("/heldBy/0");
            assertEquals("holder", blamed.get("thread").asText(), lock.toString());
            assertEquals(Contention.ROUNDS, blamed.get("waits").asInt(), lock.toString());
            String holderMarker = name.endsWith("Monitor") ? "@holder-monitor" : "@holder-lock";
            assertTrue(blamed.get("site").asText().endsWith(":" + line(Contention.class, holderMarker)), lock.toString());
        }
        assertTrue(Files.readString(report.resolve("lock-waits.txt")).contains("Contention.hot"));
    }

    private static JsonNode lock(Path report, String name) throws Exception {
        JsonNode all = new ObjectMapper().readTree(report.resolve("lock-waits.json").toFile());
        for (JsonNode lock : all.get("locks")) {
            if (lock.get("name").asText().equals(name)) {
                return lock;
            }
        }
        throw new AssertionError("no lock " + name + " in " + all);
    }
}
