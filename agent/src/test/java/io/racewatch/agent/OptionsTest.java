package io.racewatch.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    private final List<String> problems = new ArrayList<>();

    private Options parse(String args) {
        return Options.parse(args, new Properties(), problems::add);
    }

    @Test
    void readsKeyValuePairsWithColonSeparatedValues() {
        Options o = parse("include=com.acme.*:org.shop.*,exclude=com.acme.gen.*,report=/tmp/rw,mode=staging,holdThresholdMs=250,sample=0.5");
        assertEquals(List.of("com.acme.*", "org.shop.*"), o.include());
        assertEquals(List.of("com.acme.gen.*"), o.exclude());
        assertEquals(Paths.get("/tmp/rw"), o.report());
        assertEquals(Options.Mode.STAGING, o.mode());
        assertEquals(250, o.holdThresholdMs());
        assertEquals(0.5, o.sample());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void stagingWindowsAndTheOverheadBudget() {
        Options o = parse("mode=staging,sample=0.05,windowMs=40,overheadBudget=2%");
        assertEquals(0.05, o.sample());
        assertEquals(40, o.windowMs());
        assertEquals(0.02, o.overheadBudget(), 1e-12);
        assertEquals(0.03, parse("overheadBudget=0.03").overheadBudget(), 1e-12);
        assertEquals(0.02, parse(null).overheadBudget(), 1e-12, "a 2% budget unless told otherwise");
        assertEquals(0.0, parse("overheadBudget=0").overheadBudget(), "0: no budget");
        assertEquals(100, parse(null).windowMs());
        assertTrue(problems.isEmpty(), problems.toString());
        parse("overheadBudget=lots");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("overheadBudget") && problems.get(0).contains("2%"), problems.get(0));
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Options o = parse(null);
        assertEquals(List.of(), o.include());
        assertEquals(Paths.get("racewatch-report"), o.report());
        assertEquals(Options.Mode.TEST, o.mode());
        assertEquals(100, o.holdThresholdMs());
        assertTrue(problems.isEmpty());
    }

    @Test
    void systemPropertiesApplyAndTheAgentArgumentWins() {
        Properties props = new Properties();
        props.setProperty("racewatch.mode", "staging");
        props.setProperty("racewatch.report", "from-property");
        Options o = Options.parse("report=from-argument", props, problems::add);
        assertEquals(Options.Mode.STAGING, o.mode());
        assertEquals(Paths.get("from-argument"), o.report());
    }

    @Test
    void unknownOptionIsOneLineNamingItAndTheAcceptedKeys() {
        Options o = parse("bogus=1,mode=staging");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("'bogus'"), problems.get(0));
        assertTrue(problems.get(0).contains("holdThresholdMs"), problems.get(0));
        assertEquals(Options.Mode.STAGING, o.mode(), "the valid options still apply");
    }

    @Test
    void malformedPairIsReported() {
        parse("include");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("malformed option 'include'"), problems.get(0));
    }

    @Test
    void badValuesKeepTheDefaultAndSayWhatIsAccepted() {
        Options o = parse("mode=fast,holdThresholdMs=abc,sample=2,historySize=1");
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("mode=fast") && problems.get(0).contains("test or staging"), problems.get(0));
        assertEquals(Options.Mode.TEST, o.mode());
        assertEquals(100, o.holdThresholdMs());
        assertEquals(0.1, o.sample());
        assertEquals(12, o.historySize());
    }

    @Test
    void lifecycleNamesDefaultToTheUsualEndsAndCanBeReplaced() {
        assertEquals(List.of("close", "stop", "shutdown", "dispose", "destroy"), parse(null).lifecycle());
        assertEquals(List.of("close", "release", "tearDown"), parse("lifecycle=close:release:tearDown").lifecycle());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void lifecycleRejectsWhatIsNotAMethodName() {
        Options o = parse("lifecycle=close:not-a-name");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("lifecycle=close:not-a-name") && problems.get(0).contains("method names"), problems.get(0));
        assertEquals(List.of("close", "stop", "shutdown", "dispose", "destroy"), o.lifecycle());
        parse("lifecycle=");
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void suppressionsMustBeAReadableFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("s.txt"), "race:x\n");
        assertEquals(file, parse("suppressions=" + file).suppressions());
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(null, parse("suppressions=" + dir.resolve("absent.txt")).suppressions());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("option suppressions=") && problems.get(0).contains("readable file"), problems.get(0));
    }
}
