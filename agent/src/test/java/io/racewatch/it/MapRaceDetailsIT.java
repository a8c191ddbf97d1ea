package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.CallPaths;
import testprograms.KeyLoopPaths;
import testprograms.LostUpdate;
import testprograms.NullKeyLostUpdate;
import testprograms.ObservedCheckThenAct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertDeduplicated;
import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.at;
import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The details of a map-rmw finding that {@link MapRaceIT} leaves out: the ops of each access,
 * the interleaving table (history) in the order it happened, deduplication, report.txt, an
 * observed check-then-act on a ConcurrentHashMap, the {@code null} key, and each access's own call path.
 */
class MapRaceDetailsIT {
    private static final String HIDDEN_HANDOFF = "exclude=testprograms.Handoff*";

    @TempDir
    Path report;

    @Test
    void lostUpdateCarriesOpsHistoryInOrderAndReport() throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1", r.stdout().trim(), r.transcript());
        assertNoAgentFailure(r);
        assertDeduplicated(r);

        JsonNode f = findingAt(r, "map-rmw", LostUpdate.class, "@read-b", "@write-b", "@write-a");
        assertRmwShape(f, "get");
        assertTrue(f.get("observed").asBoolean(), "path-a's write landed between path-b's get and put: " + f);
        for (JsonNode access : f.get("accesses")) {
            assertEquals("LostUpdate.java", access.at("/site/file").asText(), f.toString());
        }

        // The interleaving table: get by a, get by b, put by a, put by b, in this order.
        String[][] expected = {{"@read-a", "path-a", "get"}, {"@read-b", "path-b", "get"},
            {"@write-a", "path-a", "put"}, {"@write-b", "path-b", "put"}};
        List<Long> seqs = new ArrayList<>();
        for (String[] row : expected) {
            JsonNode found = null;
            for (JsonNode h : f.get("history")) {
                if (at(h, LostUpdate.class, row[0])) {
                    found = h;
                }
            }
            assertTrue(found != null, "history has the " + row[2] + " at " + row[0] + ": " + f.get("history"));
            assertEquals(row[1], found.get("thread").asText(), "history row " + found);
            assertEquals(row[2], found.get("op").asText(), "history row " + found);
            seqs.add(found.get("seq").asLong());
        }
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i - 1) < seqs.get(i), "history rows in the order they happened, seq " + seqs + ": " + f.get("history"));
        }

        String text = ItAssertions.reportText(report);
        assertTrue(text.contains("map-rmw") && text.contains("LostUpdate.counts"), "report.txt names the finding:\n" + text);
    }

    @Test
    void checkThenActOnAConcurrentMapThatReallyWentWrongIsObserved() throws Exception {
        AgentRun.Result r = AgentRun.of(ObservedCheckThenAct.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("created=2 owner=worker", r.stdout().trim(), "both threads created a session: " + r.transcript());
        assertNoAgentFailure(r);

        JsonNode f = findingAt(r, "map-rmw", ObservedCheckThenAct.class, "@check-worker", "@put-worker", "@put-api");
        assertRmwShape(f, "containsKey");
        assertTrue(f.get("observed").asBoolean(), f.toString());
        assertEquals("worker", f.at("/accesses/0/thread").asText());
        assertEquals("api", f.at("/accesses/2/thread").asText());
        assertEquals("java.util.concurrent.ConcurrentHashMap", f.at("/resource/class").asText());
        assertEquals("session", f.at("/resource/key").asText());
        assertEquals("ObservedCheckThenAct.sessions", f.at("/resource/name").asText());
        assertEquals(List.of(), r.findings("map-unsafe"), "a ConcurrentHashMap is thread-safe:\n" + summary(r));
    }

    @Test
    void theNullKeyIsAKeyLikeAnyOther() throws Exception {
        AgentRun.Result r = AgentRun.of(NullKeyLostUpdate.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("null=1", r.stdout().trim(), r.transcript());
        assertNoAgentFailure(r);

        JsonNode f = findingAt(r, "map-rmw", NullKeyLostUpdate.class, "@read-b", "@write-b", "@write-a");
        assertRmwShape(f, "get");
        assertTrue(f.get("observed").asBoolean(), f.toString());
        assertEquals("null", f.at("/resource/key").asText(), "String.valueOf(null): " + f);
        assertEquals("java.util.HashMap", f.at("/resource/class").asText());
    }

    @Test
    void eachAccessShowsTheCallPathItTookAndOneRaceIsOneFindingInEitherOrder() throws Exception {
        AgentRun.Result r = AgentRun.of(CallPaths.class).args("racy").option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1 again=1", r.stdout().trim(), "both rounds lost an update: " + r.transcript());
        assertNoAgentFailure(r);
        assertDeduplicated(r);
        assertEquals(1, r.findings("map-rmw").size(), "round 2 is the same race with the roles swapped:\n" + summary(r));

        // Right's get-then-put ran while left's same check was open: the first race to complete.
        JsonNode f = findingAt(r, "map-rmw", CallPaths.class, "@read", "@write", "@read");
        assertRmwShape(f, "get");
        assertEquals("error", f.get("severity").asText(), "a counter's lost update: " + f);
        assertEquals("right", f.at("/accesses/0/thread").asText(), f.toString());
        assertEquals("left", f.at("/accesses/2/thread").asText(), f.toString());
        // Each thread first reached both sites through the other path: a stack kept per thread and site would be wrong.
        assertCallPath(f.at("/accesses/0"), "viaRight", "viaLeft");
        assertCallPath(f.at("/accesses/1"), "viaRight", "viaLeft");
        assertCallPath(f.at("/accesses/2"), "viaLeft", "viaRight");

        // The interleaving table shows every access of the finding, the other thread's read included, in order.
        List<Long> rows = new ArrayList<>();
        for (JsonNode h : f.get("history")) {
            rows.add(h.get("seq").asLong());
        }
        for (JsonNode access : f.get("accesses")) {
            assertTrue(rows.contains(access.get("seq").asLong()), "history row for " + access + ": " + f.get("history"));
        }
        assertTrue(f.at("/accesses/2/seq").asLong() < f.at("/accesses/0/seq").asLong(), "left checked first: " + f);
    }

    @Test
    void theSameCallPathsUnderOneLockAreSilent() throws Exception {
        AgentRun.Result r = AgentRun.of(CallPaths.class).args("clean").option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=2 again=2", r.stdout().trim(), r.transcript());
        assertNoAgentFailure(r);
        assertEquals(List.of(), r.findings("map-rmw"), summary(r));
        assertEquals(List.of(), r.findings("map-unsafe"), summary(r));
    }

    @Test
    void aRepeatedAccessKeepsItsPathOnlyUntilAnotherThreadTouchesTheKey() throws Exception {
        AgentRun.Result r = AgentRun.of(KeyLoopPaths.class).args("racy").option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("k=51", r.stdout().trim(), "right's bump was lost: " + r.transcript());
        assertNoAgentFailure(r);
        assertEquals(1, r.findings("map-rmw").size(), summary(r));

        JsonNode f = findingAt(r, "map-rmw", KeyLoopPaths.class, "@read", "@write", "@read");
        assertEquals("right", f.at("/accesses/0/thread").asText(), f.toString());
        assertEquals("left", f.at("/accesses/2/thread").asText(), f.toString());
        // Left read k at this site through viaLoop before right wrote it: its read through viaLeft is no repeat of that one.
        assertCallPath(KeyLoopPaths.class, f.at("/accesses/2"), "viaLeft", "viaLoop");
        assertCallPath(KeyLoopPaths.class, f.at("/accesses/0"), "viaRight", "viaLoop");
        assertCallPath(KeyLoopPaths.class, f.at("/accesses/1"), "viaRight", "viaLoop");
    }

    @Test
    void theSameLoopsUnderOneLockAreSilent() throws Exception {
        AgentRun.Result r = AgentRun.of(KeyLoopPaths.class).args("clean").option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("k=52", r.stdout().trim(), r.transcript());
        assertNoAgentFailure(r);
        assertEquals(List.of(), r.findings("map-rmw"), summary(r));
        assertEquals(List.of(), r.findings("map-unsafe"), summary(r));
    }

    /** The access's stack starts at its own site and runs through {@code path}, not through {@code other}. */
    private static void assertCallPath(JsonNode access, String path, String other) {
        assertCallPath(CallPaths.class, access, path, other);
    }

    private static void assertCallPath(Class<?> program, JsonNode access, String path, String other) {
        String name = program.getName();
        String first = access.at("/stack/0").asText();
        assertTrue(first.startsWith(name + ".update(" + program.getSimpleName() + ".java:" + access.at("/site/line").asInt() + ")"),
            "the stack starts at the access's site: " + access);
        boolean through = false;
        for (JsonNode frame : access.get("stack")) {
            through |= frame.asText().startsWith(name + "." + path + "(");
            assertFalse(frame.asText().startsWith(name + "." + other + "("), "not the other path: " + access);
        }
        assertTrue(through, "reached through " + path + ": " + access);
    }
}
