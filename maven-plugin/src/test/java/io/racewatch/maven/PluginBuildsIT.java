package io.racewatch.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks what the real Maven builds of {@code src/it} (run by the invoker just before) left
 * behind: the user's project with forked test JVMs, and a POM-packaged parent.
 */
class PluginBuildsIT {
    private static final Path PROJECTS = Path.of(System.getProperty("racewatch.itProjects"));
    private static final Path FORKS = PROJECTS.resolve("forks");

    @Test
    void racyTestsFailInTheirForks() throws IOException {
        String first = Files.readString(FORKS.resolve("target/surefire-reports/TEST-it.app.FirstRaceTest.xml"));
        String second = Files.readString(FORKS.resolve("target/surefire-reports/TEST-it.app.SecondRaceTest.xml"));
        assertTrue(first.contains("racewatch: 1 race during this test") && first.contains("map-rmw on Tally.counts"), first);
        assertTrue(first.contains("tests=\"2\"") && first.contains("failures=\"1\""), "twoAdds fails, safeAdds passes: " + first);
        assertTrue(second.contains("map-rmw on Tally.counts key b"), second);
    }

    @Test
    void eachForkReportedAndOneMergedReportCoversBoth() throws Exception {
        Path dir = FORKS.resolve("target/racewatch");
        List<Path> findingFiles;
        try (Stream<Path> files = Files.walk(dir)) {
            findingFiles = files.filter(p -> p.getFileName().toString().matches("findings(-.*)?\\.jsonl")).toList();
        }
        TreeSet<String> jvms = new TreeSet<>();
        for (Path file : findingFiles) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    jvms.add(new ObjectMapper().readTree(line).path("jvm").asText());
                }
            }
        }
        assertEquals(2, jvms.size(), "both forked JVMs' findings kept in one directory: " + findingFiles + " " + jvms);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("racewatch.sarif").toFile()).at("/runs/0/results");
        TreeSet<String> tests = new TreeSet<>();
        for (JsonNode r : results) {
            assertEquals("RW1001", r.get("ruleId").asText());
            tests.add(r.at("/properties/test").asText());
        }
        assertEquals(new TreeSet<>(List.of("it.app.FirstRaceTest.twoAdds()", "it.app.SecondRaceTest.twoDoubleAdds()")), tests,
            results.toString());
        String text = Files.readString(dir.resolve("report.txt"));
        assertTrue(text.startsWith("racewatch report: 2 findings (map-rmw:2); 2 errors, 0 warnings, 0 notes; merged from"), text);
        String html = Files.readString(dir.resolve("racewatch.html"));
        assertTrue(html.contains("during test <code>it.app.FirstRaceTest.twoAdds()</code>")
            && html.contains("during test <code>it.app.SecondRaceTest.twoDoubleAdds()</code>"), "both forks' findings on the page");
    }

    @Test
    void checkFailsTheBuildWithOneLinePerFinding() throws IOException {
        String log = Files.readString(FORKS.resolve("build.log"));
        List<String> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.startsWith("[ERROR] racewatch: error map-rmw on Tally.counts")) {
                lines.add(line);
            }
        }
        assertEquals(2, lines.size(), log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("key a at it.app.Tally.add(Tally.java:") && l.contains("during test it.app.FirstRaceTest.twoAdds()")),
            lines.toString());
        assertTrue(log.contains("racewatch: 2 findings at or above error"), log);
        assertTrue(log.contains("BUILD FAILURE"), log);
        assertTrue(log.contains("racewatch-maven-plugin") && log.contains(":check"), "the failure is check's");
    }

    @Test
    void aPomPackagedProjectSkipsEveryGoal() throws IOException {
        String log = Files.readString(PROJECTS.resolve("pom-packaging/build.log"));
        for (String goal : List.of("prepare-agent", "report", "check")) {
            assertTrue(log.contains("racewatch: " + goal + " skipped: packaging is pom"), log);
        }
        assertTrue(log.contains("BUILD SUCCESS"), log);
    }
}
