package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.LostUpdate;
import testprograms.StaticVolatileFields;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewrites kept between runs ({@code classCache}): a second run of a racy program takes its
 * classes from the cache, rewrites none, and finds the same races at the same sites as the first.
 */
class ClassCacheIT {
    private static final Pattern STATS = Pattern.compile("racewatch class cache: (\\d+) classes from the cache, (\\d+) rewritten afresh");
    private static final Pattern RENUMBERED = Pattern.compile("racewatch class cache: (\\d+ classes from the cache, \\d+ rewritten afresh, \\d+) of "
        + "those from the cache given other site or field ids");

    @TempDir
    Path dir;

    @Test
    void aSecondRunTakesItsClassesFromTheCacheAndFindsTheSameRaces() throws Exception {
        Path cache = dir.resolve("cache");
        AgentRun.Result first = run(cache, dir.resolve("first"));
        long[] firstStats = stats(first);
        assertEquals(0, firstStats[0], "nothing kept yet\n" + first.transcript());
        assertTrue(firstStats[1] > 0, first.transcript());
        File[] folders = cache.toFile().listFiles((d, name) -> name.startsWith("classes-"));
        assertTrue(folders != null && folders.length == 1 && folders[0].list().length > 0, "the first run keeps its rewrites");

        AgentRun.Result second = run(cache, dir.resolve("second"));
        long[] secondStats = stats(second);
        assertEquals(firstStats[1], secondStats[0], "every class rewritten in the first run comes from the cache\n" + second.transcript());
        assertEquals(0, secondStats[1], second.transcript());

        List<String> races = races(first);
        assertFalse(races.isEmpty(), first.transcript());
        assertTrue(races.stream().anyMatch(r -> r.startsWith("map-rmw") && r.contains(LostUpdate.class.getName() + ":"
            + SourceLines.of(LostUpdate.class, "@write-a"))), races.toString());
        assertEquals(races, races(second), "the same findings at the same sites");
    }

    /**
     * Ids given again in the order the rewrite gave them: a second run that loads the same classes in
     * the same order gives every kept class the ids it was kept with, so each loads as it was kept
     * (not copied and patched). The program's static volatile fields come in numbers that a hash
     * map's order would have given out of order.
     */
    @Test
    void aSecondRunInTheSameOrderGivesTheKeptClassesTheirOwnIds() throws Exception {
        Path cache = dir.resolve("cache");
        for (String run : List.of("first", "second")) {
            AgentRun.Result r = AgentRun.of(StaticVolatileFields.class).option("hookCache=" + cache)
                .jvmOption("-Dracewatch.classCacheStats=true").run(dir.resolve(run));
            assertEquals(0, r.exitCode(), r.transcript());
            assertEquals("sum=2340", r.stdout().trim());
            Matcher m = RENUMBERED.matcher(r.stderr());
            assertTrue(m.find(), r.transcript());
            if (run.equals("second")) {
                assertEquals("4 classes from the cache, 0 rewritten afresh, 0", m.group(1), r.transcript());
            }
        }
    }

    /**
     * A run that keeps new rewrites names its next file without the process id: the first
     * {@code ProcessHandle} starts the JDK's process reaper pool, a cost paid by every such run. Where
     * {@code /proc} answers (the report directory reads the id there), nothing of racewatch's makes one.
     */
    @Test
    void keepingRewritesStartsNoProcessHandle() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "the report directory asks ProcessHandle where there is no /proc");
        Path loaded = dir.resolve("class-load.log");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").option("hookCache=" + dir.resolve("cache"))
            .jvmOption("-Dracewatch.classCacheStats=true").jvmOption("-Xlog:class+load=info:file=" + loaded).run(dir.resolve("cold"));
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(stats(r)[1] > 0, "rewrites kept in this run\n" + r.transcript());
        String log = Files.readString(loaded);
        assertTrue(log.contains("testprograms.LostUpdate "), "the log covers the run");
        assertFalse(log.contains("java.lang.ProcessHandleImpl "), "no ProcessHandle made");
    }

    @Test
    void classCacheOffKeepsNothing() throws Exception {
        Path cache = dir.resolve("cache");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").option("hookCache=" + cache)
            .option("classCache=off").jvmOption("-Dracewatch.classCacheStats=true").run(dir.resolve("off"));
        assertEquals(0, r.exitCode(), r.transcript());
        assertFalse(STATS.matcher(r.stderr()).find(), r.transcript());
        File[] folders = cache.toFile().listFiles((d, name) -> name.startsWith("classes-"));
        assertTrue(folders == null || folders.length == 0, "no class cache folder");
    }

    private static AgentRun.Result run(Path cache, Path report) throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").option("hookCache=" + cache)
            .jvmOption("-Dracewatch.classCacheStats=true").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1", r.stdout().trim(), "the update really was lost");
        return r;
    }

    /** Classes from the cache, and rewritten afresh. */
    private static long[] stats(AgentRun.Result r) {
        Matcher m = STATS.matcher(r.stderr());
        assertTrue(m.find(), r.transcript());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Each finding as its kind and its accesses' sites (class:line) and threads. */
    private static List<String> races(AgentRun.Result r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : r.findings()) {
            StringBuilder s = new StringBuilder(f.get("kind").asText());
            for (JsonNode a : f.path("accesses")) {
                s.append(' ').append(a.at("/site/class").asText()).append(':').append(a.at("/site/line").asInt()).append('@')
                    .append(a.path("thread").asText());
            }
            out.add(s.toString());
        }
        out.sort(null);
        return out;
    }
}
