package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import testprograms.CheckThenActConcurrentMap;
import testprograms.LostUpdate;
import testprograms.PredictedUpdate;
import testprograms.UnsafeWrites;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Racy map programs under the real agent: each must produce its finding, with both threads' sites. */
class MapRaceIT {
    private static final String HIDDEN_HANDOFF = "exclude=testprograms.Handoff*";

    @TempDir
    Path report;

    /** The finding whose accesses are at exactly these lines of {@code program}, in this order. */
    private static JsonNode findingAt(List<JsonNode> findings, Class<?> program, String transcript, String... markers) {
        for (JsonNode f : findings) {
            JsonNode accesses = f.get("accesses");
            if (accesses.size() != markers.length) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < markers.length; i++) {
                JsonNode site = accesses.get(i).get("site");
                all &= site.get("class").asText().equals(program.getName())
                    && site.get("line").asInt() == SourceLines.of(program, markers[i]);
            }
            if (all) {
                return f;
            }
        }
        throw new AssertionError("no finding at " + List.of(markers) + " in " + findings + "\n" + transcript);
    }

    @Test
    void lostUpdateThatHappenedIsReportedWithBothThreadsSites() throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1", r.stdout().trim(), "the update really was lost");

        JsonNode f = findingAt(r.findings("map-rmw"), LostUpdate.class, r.transcript(), "@read-b", "@write-b", "@write-a");
        assertTrue(f.get("observed").asBoolean());
        assertEquals("path-b", f.at("/accesses/0/thread").asText());
        assertEquals("path-b", f.at("/accesses/1/thread").asText());
        assertEquals("path-a", f.at("/accesses/2/thread").asText());
        assertEquals("LostUpdate.counts", f.at("/resource/name").asText());
        assertEquals("hits", f.at("/resource/key").asText());
        assertEquals("java.util.HashMap", f.at("/resource/class").asText());
        assertTrue(f.at("/accesses/2/stack/0").asText().contains("LostUpdate.java"), f.toString());
        assertTrue(f.get("history").size() >= 4, "the interleaving rows: " + f.get("history"));
        assertTrue(r.stderr().contains("map-rmw on LostUpdate.counts key hits"), r.transcript());
    }

    @Test
    void readModifyWritesNotOrderedByAnythingArePredicted() throws Exception {
        AgentRun.Result r = AgentRun.of(PredictedUpdate.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=2", r.stdout().trim(), "this run happened not to lose the update");

        JsonNode f = findingAt(r.findings("map-rmw"), PredictedUpdate.class, r.transcript(), "@read-b", "@write-b", "@write-a");
        assertFalse(f.get("observed").asBoolean());
        assertEquals("path-a", f.at("/accesses/2/thread").asText());
    }

    /** The JDK's hooks inside these maps order a library's calls, never checked code's own against each other. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"hash, java.util.concurrent.ConcurrentHashMap", "skip-list, java.util.concurrent.ConcurrentSkipListMap"})
    void checkThenActOnAConcurrentMapIsARace(String map, String mapClass) throws Exception {
        AgentRun.Result r = AgentRun.of(CheckThenActConcurrentMap.class).args(map).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode f = findingAt(r.findings("map-rmw"), CheckThenActConcurrentMap.class, r.transcript(),
            "@check-api", "@put-api", "@remove-worker");
        assertEquals(mapClass, f.at("/resource/class").asText());
        assertEquals("containsKey", f.at("/accesses/0/op").asText());
    }

    @Test
    void unorderedWritesToAHashMapAreUnsafe() throws Exception {
        AgentRun.Result r = AgentRun.of(UnsafeWrites.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode f = findingAt(r.findings("map-unsafe"), UnsafeWrites.class, r.transcript(), "@put-expiry", "@put-login");
        assertEquals("expiry", f.at("/accesses/0/thread").asText());
        assertEquals("login", f.at("/accesses/1/thread").asText());
        assertEquals(List.of(), r.findings("map-rmw"), "blind writes are no read-modify-write");
    }

    @Test
    void theSameProgramsWithTheHandOffVisibleAreClean() throws Exception {
        for (Class<?> program : List.of(PredictedUpdate.class, UnsafeWrites.class)) {
            AgentRun.Result r = AgentRun.of(program).jvmOption("-Dtestprograms.handoff=visible").run(report.resolve(program.getSimpleName()));
            assertEquals(0, r.exitCode(), r.transcript());
            assertEquals(List.of(), r.findings(), program.getSimpleName() + ": the latch orders them\n" + r.transcript());
        }
    }
}
