package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.ExitsWith;
import testprograms.LostUpdate;
import testprograms.PredictedUpdate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent options, beyond {@link RobustnessIT}: each bad option on its own gives exactly one line
 * naming it while the valid options still apply; the program's exit status is untouched;
 * {@code include}/{@code exclude} take several globs separated by ':'; the report directory is
 * created when missing and report.txt is written at exit.
 */
class OptionsIT {
    @TempDir
    Path report;

    /**
     * The racewatch lines of stderr with the report directory's path replaced: lines of two runs
     * that differ only in their report directory compare equal.
     */
    private static List<String> racewatchLines(AgentRun.Result r) {
        String dir = r.reportDir().toString();
        return r.stderr().lines().filter(l -> l.startsWith("racewatch:")).map(l -> l.replace(dir, "<report>")).toList();
    }

    /** The racewatch lines of {@code bad} that {@code good} does not have (as a multiset difference). */
    private static List<String> extraLines(AgentRun.Result bad, AgentRun.Result good) {
        List<String> extra = new ArrayList<>(racewatchLines(bad));
        for (String line : racewatchLines(good)) {
            extra.remove(line);
        }
        return extra;
    }

    /**
     * Each bad option, on its own after valid ones: compared with the same run without it, stderr
     * has exactly one more racewatch line, naming the option; the program runs as before and the
     * valid options still apply (the race is still reported into the report directory).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bogus=1            | bogus",
        "mode=fast          | mode",
        "holdThresholdMs=abc| holdThresholdMs",
        "holdThresholdMs=-5 | holdThresholdMs",
        "include            | include",
        "report=            | report"})
    void aBadOptionIsOneLineNamingItAndTheRestStillApplies(String bad, String name) throws Exception {
        Path goodDir = report.resolve("good");
        Path badDir = report.resolve("bad");
        String valid = "include=testprograms.*,exclude=testprograms.Handoff*,report=";
        AgentRun.Result good = AgentRun.of(PredictedUpdate.class).rawAgentArgument(valid + goodDir).run(goodDir);
        AgentRun.Result r = AgentRun.of(PredictedUpdate.class).rawAgentArgument(valid + badDir + "," + bad.trim()).run(badDir);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=2", r.stdout().trim(), "the program ran normally: " + r.transcript());
        List<String> extra = extraLines(r, good);
        assertEquals(1, extra.size(), "exactly one more racewatch line than without '" + bad.trim() + "': " + extra
            + "\n--- without it:\n" + good.stderr() + "\n--- with it:\n" + r.stderr());
        assertTrue(extra.get(0).contains(name), "the line names the option: " + extra.get(0));
        if (name.equals("mode")) {
            assertTrue(extra.get(0).contains("test") && extra.get(0).contains("staging"), "says what is accepted: " + extra.get(0));
        }
        assertFalse(r.findings("map-rmw").isEmpty(), "the valid options still apply (include, exclude, report):\n" + r.transcript());
        assertNoAgentFailure(r);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void theProgramsExitStatusIsUnchangedByABadOption(int status) throws Exception {
        AgentRun.Result r = AgentRun.of(ExitsWith.class).args(String.valueOf(status)).option("bogus=1").run(report);
        assertEquals(status, r.exitCode(), r.transcript());
        assertEquals("exiting with " + status, r.stdout().trim(), r.transcript());
        assertEquals(1, r.stderr().lines().filter(l -> l.startsWith("racewatch:") && l.contains("bogus")).count(), r.transcript());
    }

    /** The Handoff must be excluded for the lost update to be reported: ':' must split the list, whichever position. */
    @ParameterizedTest
    @ValueSource(strings = {"testprograms.NoSuchClass:testprograms.Handoff*", "testprograms.Handoff*:testprograms.NoSuchClass",
        "testprograms.Handoff"})
    void excludeTakesSeveralGlobsSeparatedByColons(String exclude) throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class)
            .rawAgentArgument("include=testprograms.*,exclude=" + exclude + ",report=" + report).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode f = findingAt(r, "map-rmw", LostUpdate.class, "@read-b", "@write-b", "@write-a");
        assertTrue(f.get("observed").asBoolean(), f.toString());
    }

    @Test
    void includeTakesSeveralGlobsAndOnlyThoseClassesAreWatched() throws Exception {
        // LostUpdate and Both are watched, Handoff is not included: the lost update is reported.
        AgentRun.Result listed = AgentRun.of(LostUpdate.class)
            .rawAgentArgument("include=testprograms.Both:testprograms.Lost*,report=" + report.resolve("listed"))
            .run(report.resolve("listed"));
        assertEquals(0, listed.exitCode(), listed.transcript());
        findingAt(listed, "map-rmw", LostUpdate.class, "@read-b", "@write-b", "@write-a");

        // Nothing of the program is included: nothing is watched.
        AgentRun.Result elsewhere = AgentRun.of(LostUpdate.class)
            .rawAgentArgument("include=com.example.*,report=" + report.resolve("elsewhere")).run(report.resolve("elsewhere"));
        assertEquals(0, elsewhere.exitCode(), elsewhere.transcript());
        assertEquals("hits=1", elsewhere.stdout().trim(), elsewhere.transcript());
        assertEquals(List.of(), elsewhere.findings(), summary(elsewhere));
    }

    @Test
    void excludeWinsOverInclude() throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class)
            .rawAgentArgument("include=testprograms.*,exclude=testprograms.LostUpdate*:testprograms.Handoff*,report=" + report)
            .run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), "LostUpdate's calls are not watched:\n" + summary(r));
    }

    @Test
    void aMissingReportDirectoryIsCreatedAndTheReportWrittenAtExit() throws Exception {
        Path nested = report.resolve("not/yet/there");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").run(nested);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(Files.isRegularFile(nested.resolve("findings.jsonl")), "findings.jsonl in the created directory\n" + r.transcript());
        findingAt(r, "map-rmw", LostUpdate.class, "@read-b", "@write-b", "@write-a");
        String text = ItAssertions.reportText(nested);
        assertTrue(text.contains("LostUpdate.counts"), "report.txt names the map:\n" + text);
    }

    @Test
    void aReportDirectoryUnderARegularFileIsSaidAndFindingsStillReachTheConsole() throws Exception {
        Path file = Files.writeString(report.resolve("plain-file"), "x");
        Path unwritable = file.resolve("reports");
        AgentRun.Result r = AgentRun.of(LostUpdate.class)
            .rawAgentArgument("include=testprograms.*,exclude=testprograms.Handoff*,report=" + unwritable).run(unwritable);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("hits=1", r.stdout().trim(), r.transcript());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("racewatch:") && l.contains(unwritable.toString())
                && l.matches("(?i).*(cannot|can't|unable|not writable|failed|could not).*")),
            "a racewatch line says the report directory cannot be used:\n" + r.transcript());
        assertTrue((r.stdout() + r.stderr()).contains("map-rmw"), "the finding reaches the console:\n" + r.transcript());
        assertNoAgentFailure(r);
    }
}
