package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.CloseHooks;
import testprograms.Collectable;
import testprograms.CollectableAfterAtomicsOnly;
import testprograms.WeakKeyedMaps;
import testprograms.PredictedUpdate;
import testprograms.Robustness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent never breaks its host: hostile keys, many threads, bad options, an unwritable report directory. */
class RobustnessIT {
    @TempDir
    Path report;

    private static void assertNoInternalError(AgentRun.Result r) {
        assertFalse(r.stderr().contains("internal error"), r.transcript());
        assertFalse(r.stderr().contains("Exception in thread"), r.transcript());
    }

    /**
     * racewatch keeps nothing the program dropped alive: a thread, locks, an atomic, maps, a
     * volatile field's holder and its value, a pool and its task and future, all used on two
     * threads, are collected under the agent as without it (Netty's tests wait for a thread's
     * finalizer and an ObjectCleaner; they timed out while racewatch's per-thread caches and a
     * sync var's last releaser held such objects).
     */
    @Test
    void objectsTheProgramDroppedAreCollected() throws Exception {
        AgentRun.Result r = AgentRun.of(Collectable.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(PlainRun.stdout(Collectable.class), r.stdout(), "the same output as without the agent");
        assertEquals(13, r.stdout().lines().filter(l -> l.endsWith(" collected=true")).count(), r.transcript());
    }

    /**
     * A program that synchronizes only through atomics and volatile fields takes no lock: the
     * watchdog that clears the threads' caches of the objects they synchronized through last must
     * start for it all the same, or those objects stay alive.
     */
    @Test
    void objectsOnlyAtomicsSawAreCollected() throws Exception {
        AgentRun.Result r = AgentRun.of(CollectableAfterAtomicsOnly.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(PlainRun.stdout(CollectableAfterAtomicsOnly.class), r.stdout(), "the same output as without the agent");
        assertEquals(4, r.stdout().lines().filter(l -> l.endsWith(" collected=true")).count(), r.transcript());
    }

    /** A map class that is not the JDK's may hold its keys weakly: racewatch must not hold its keys or values for it. */
    @Test
    void aKeyDroppedFromAWeakKeyedMapOfTheProgramsOwnIsCollected() throws Exception {
        AgentRun.Result r = AgentRun.of(WeakKeyedMaps.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(PlainRun.stdout(WeakKeyedMaps.class), r.stdout(), "the same output as without the agent");
        assertTrue(r.stdout().contains("key collected=true value collected=true entries=0"), r.transcript());
    }

    /**
     * A key or value of a plain HashMap may reach the map itself (Vert.x's close hooks: the client a
     * key, its owner the value, the owner holding the map): racewatch must not hold either strongly,
     * nor keep the map in a thread's cache when the program takes no lock (VertxTest#testFinalizeNetClient
     * waited in vain for its client to be collected).
     */
    @Test
    void aClientInItsOwnersMapOfCloseHooksIsCollected() throws Exception {
        AgentRun.Result r = AgentRun.of(CloseHooks.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(PlainRun.stdout(CloseHooks.class), r.stdout(), "the same output as without the agent");
        assertEquals(3, r.stdout().lines().filter(l -> l.endsWith(" collected=true")).count(), r.transcript());
    }

    @Test
    void keysWithBrokenHashCodeEqualsAndToString() throws Exception {
        AgentRun.Result r = AgentRun.of(Robustness.class).args("broken-keys").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("the map's own exception reached the program"), r.transcript());
        assertTrue(r.stdout().contains("broken-keys size=400"), r.transcript());
        assertNoInternalError(r);
    }

    @Test
    void nullKeysUnderALock() throws Exception {
        AgentRun.Result r = AgentRun.of(Robustness.class).args("null-keys").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("null-keys value=200"), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        assertNoInternalError(r);
    }

    @Test
    void twoHundredThreadsOnOneMap() throws Exception {
        AgentRun.Result r = AgentRun.of(Robustness.class).args("many-threads").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("many-threads total=20000"), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        assertNoInternalError(r);
    }

    @Test
    void unknownOptionIsOneLineAndTheProgramRuns() throws Exception {
        AgentRun.Result r = AgentRun.of(PredictedUpdate.class).option("bogus=1").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("racewatch:") && l.contains("'bogus'")).count(), r.transcript());
        assertTrue(r.stdout().contains("hits=2"), r.transcript());
    }

    @Test
    void malformedAndInvalidOptionsAreNamed() throws Exception {
        AgentRun.Result r = AgentRun.of(PredictedUpdate.class)
            .rawAgentArgument("include=testprograms.*,report=" + report + ",include,mode=fast,holdThresholdMs=abc").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stderr().contains("malformed option 'include'"), r.transcript());
        assertTrue(r.stderr().contains("mode=fast") && r.stderr().contains("test or staging"), r.transcript());
        assertTrue(r.stderr().contains("holdThresholdMs=abc"), r.transcript());
        assertTrue(r.stdout().contains("hits=2"), r.transcript());
    }

    @Test
    void unwritableReportDirectoryIsSaidAndFindingsStillReachTheLog() throws Exception {
        Path file = Files.writeString(report.resolve("not-a-directory"), "x");
        AgentRun.Result r = AgentRun.of(PredictedUpdate.class).option("exclude=testprograms.Handoff*")
            .rawAgentArgument("include=testprograms.*,exclude=testprograms.Handoff*,report=" + file.resolve("reports")).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("cannot write reports to")).count(), r.transcript());
        assertTrue(r.stderr().contains("map-rmw on PredictedUpdate.counts"), r.transcript());
        assertTrue(r.stdout().contains("hits=2"), r.transcript());
    }
}
