package io.racewatch.report;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergedFindingsTest {
    @TempDir
    Path dir;

    /** Two JVMs register the same code positions under different site ids. */
    private static Finding inJvm(String test) {
        Site read = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 41, "JobTracker.jobs"));
        Site write = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 42, "JobTracker.jobs"));
        Site other = Sites.get(Sites.register("com.acme.Worker", "run", "Worker.java", 17, null));
        return FindingLineTest.raceIn(test, read, write, other);
    }

    private void write(String file, Finding... findings) throws Exception {
        StringBuilder s = new StringBuilder();
        for (Finding f : findings) {
            s.append(FindingJson.line(f)).append('\n');
        }
        Files.writeString(dir.resolve(file), s.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void findingsOfEveryJvmAreMergedAndTheSameOneIsCountedOnce() throws Exception {
        write("findings-101.jsonl", inJvm("checkout"), inJvm("reserve"));
        Files.createDirectories(dir.resolve("fork-2"));
        write("fork-2/findings.jsonl", inJvm("checkout"));
        write("findings.jsonl", inJvm(null));
        Files.writeString(dir.resolve("other.jsonl"), "not read\n");
        List<String> problems = new ArrayList<>();
        MergedFindings m = MergedFindings.read(dir, List.of(), problems::add);
        assertEquals(List.of("findings-101.jsonl", "findings.jsonl", "fork-2/findings.jsonl"),
            m.files().stream().map(p -> dir.relativize(p).toString()).toList());
        assertEquals(List.of(), problems);
        assertEquals(3, m.reported().size(), "one per test, as one JVM deduplicates");
        Finding checkout = m.reported().get(0);
        assertEquals("ShopTest.checkout()", checkout.test().name());
        assertEquals(4, checkout.count(), "counts of both JVMs added up");
        assertEquals("error", m.severity(checkout));
    }

    @Test
    void suppressionRulesGivenHereSetFindingsAsideAndBadLinesAreNamed() throws Exception {
        write("findings.jsonl", inJvm("checkout"));
        Files.writeString(dir.resolve("findings.jsonl"), "{broken\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        List<String> problems = new ArrayList<>();
        MergedFindings m = MergedFindings.read(dir, List.of(SuppressionRule.parse("race:Worker.run", "known")), problems::add);
        assertEquals(0, m.reported().size());
        assertEquals(1, m.suppressed().size());
        assertEquals("race:Worker.run (suppressions file): known", m.suppressed().get(0).suppression().describe());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("findings.jsonl line 2"), problems.get(0));
    }

    @Test
    void aMissingDirectoryHasNoFindings() throws Exception {
        assertEquals(0, MergedFindings.read(dir.resolve("absent"), List.of(), p -> { }).reported().size());
    }

    @Test
    void theMergedReportsNameEveryFinding() throws Exception {
        write("findings-1.jsonl", inJvm("checkout"));
        write("findings-2.jsonl", inJvm("reserve"));
        Files.writeString(dir.resolve("lock-waits-1.json"), "{\"locks\":[{\"name\":\"Stats.lock\",\"class\":\"java.lang.Object\","
            + "\"acquisitions\":10,\"contended\":2,\"waitTotalNs\":3000000,\"waitedAt\":[],\"heldBy\":[]}]}");
        MergedReport.write(dir, MergedFindings.read(dir, List.of(), p -> { }), dir);
        String text = Files.readString(dir.resolve("report.txt"));
        assertTrue(text.startsWith("racewatch report: 2 findings (map-rmw:2); 2 errors, 0 warnings, 0 notes; merged from 2 files"), text);
        assertTrue(text.contains("during test ShopTest.reserve()"), text);
        String sarif = Files.readString(dir.resolve("racewatch.sarif"));
        assertEquals(2, sarif.split("\"ruleId\":\"RW1001\"", -1).length - 1, sarif);
        String html = Files.readString(dir.resolve("racewatch.html"));
        assertTrue(html.contains("id=\"finding-2\""), "both findings on the page");
        assertTrue(html.contains("Stats.lock"), "the lock waits of the file");
    }
}
