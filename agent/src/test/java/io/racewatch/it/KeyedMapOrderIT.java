package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jctools.queues.MpscArrayQueue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import testprograms.BesideLibraryMap;
import testprograms.HandedOffInLibrary;
import testprograms.LoadingSameClass;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hooks inside ConcurrentHashMap order an unchecked library's hand-offs per key, and nothing
 * more: a race of checked code next to a library's map, whose other keys both threads use, is
 * still reported, on a checked ConcurrentHashMap (whose own calls the map model keeps) as on a
 * HashMap. The clean hand-offs are in {@link HappensBeforeAtSourceIT} ({@code HandedOffInLibrary}).
 */
class KeyedMapOrderIT {
    @TempDir
    Path report;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"concurrent, java.util.concurrent.ConcurrentHashMap", "hash, java.util.HashMap"})
    void checkedRaceBesideLibraryMapIsReported(String map, String mapClass) throws Exception {
        AgentRun.Result r = verified(Twins.run(BesideLibraryMap.class, map, "racy", List.of("exclude=testprograms.lib.*"))).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().startsWith(map + " count="), r.transcript());
        JsonNode f = sameCodeRmw(r, BesideLibraryMap.class, "@read", "@write");
        assertRmwShape(f, "get");
        assertEquals(mapClass, f.at("/resource/class").asText(), f.toString());
        assertEquals("k", f.at("/resource/key").asText(), f.toString());
        assertNoAgentFailure(r);
    }

    /**
     * The JDK's own concurrent maps order nothing: two threads whose only contact is loading the
     * same class (the class loader's per-name lock map, a ConcurrentHashMap the JDK made) still race.
     */
    @org.junit.jupiter.api.Test
    void loadingTheSameClassOrdersNothing() throws Exception {
        AgentRun.Result r = verified(AgentRun.of(LoadingSameClass.class)).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode f = sameCodeRmw(r, LoadingSameClass.class, "@read", "@write");
        assertRmwShape(f, "get");
        assertNoAgentFailure(r);
    }

    /**
     * The hooked ConcurrentHashMap passes the JVM's verifier (which skips the JDK's own classes
     * unless asked): a hand-off through a library's compute and computeIfPresent, ordered and silent.
     */
    @org.junit.jupiter.api.Test
    void hookedMapVerifies() throws Exception {
        String mechanism = "library-concurrent-hash-map-compute";
        AgentRun run = Twins.run(HandedOffInLibrary.class, mechanism, "clean", List.of("exclude=testprograms.lib.*"))
            .classPathOf(MpscArrayQueue.class).classPathOf(Caffeine.class);
        Twins.assertClean(verified(run), mechanism, report);
    }

    /**
     * Caffeine 2 (its nodes written through {@code sun.misc.Unsafe}) hands entries over through a
     * ConcurrentHashMap too: each cache's clean twin silent, its racy twin reported at both sites.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"caffeine-bounded-cache, clean", "caffeine-bounded-cache, racy", "caffeine-unbounded-cache, clean",
        "caffeine-unbounded-cache, racy"})
    void caffeine2HandsOverThroughItsMap(String mechanism, String twin) throws Exception {
        AgentRun run = Twins.run(HandedOffInLibrary.class, mechanism, twin, List.of("exclude=testprograms.lib.*"))
            .classPathOf(MpscArrayQueue.class).classPath(System.getProperty("racewatch.caffeine2Jar"));
        if (twin.equals("clean")) {
            Twins.assertClean(run, mechanism, report);
        } else {
            Twins.assertRacy(run, HandedOffInLibrary.class, mechanism, report);
        }
    }

    /** Verifies the JDK's classes as they are retransformed: a hook that broke a frame fails the retransformation, reported. */
    private static AgentRun verified(AgentRun run) {
        return run.jvmOption("-XX:+UnlockDiagnosticVMOptions").jvmOption("-XX:+BytecodeVerificationLocal");
    }
}
