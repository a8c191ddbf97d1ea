package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.Contention;
import testprograms.LostUpdate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** racewatch.html and the lock-wait histogram, written at exit by the real agent. */
class HtmlReportIT {
    @TempDir
    Path report;

    @Test
    void thePageAtExitShowsEveryFinding() throws Exception {
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        String html = Files.readString(report.resolve("racewatch.html"));
        int findings = r.findings().size();
        assertTrue(findings > 0, r.transcript());
        assertEquals(findings, html.split("<article class=\"finding ", -1).length - 1, "one article per line of findings.jsonl");
        assertTrue(html.contains("LostUpdate.counts") && html.contains("path-a") && html.contains("path-b"), html);
    }

    /**
     * Where the machine has Chromium (Debian's package), the page loads in it headless, its script
     * runs without an error, and every finding is in the rendered document. Skipped without one.
     */
    @Test
    void thePageLoadsInAHeadlessBrowser() throws Exception {
        Optional<Path> chromium = browser();
        assumeTrue(chromium.isPresent(), "no chromium on this machine");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        Path dom = report.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
            report.resolve("racewatch.html").toUri().toString())
            .redirectOutput(dom.toFile()).redirectError(report.resolve("chromium.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        String rendered = Files.readString(dom);
        assertTrue(rendered.contains("data-script=\"ran\""), "the inline script ran without an error: " + rendered);
        assertEquals(r.findings().size(), rendered.split("<article class=\"finding ", -1).length - 1, rendered);
    }

    private static Optional<Path> browser() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void theLockWaitReportHasAHistogramThatCountsEveryContendedWait() throws Exception {
        AgentRun.Result r = AgentRun.of(Contention.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode locks = new ObjectMapper().readTree(report.resolve("lock-waits.json").toFile()).get("locks");
        for (JsonNode lock : locks) {
            if (lock.get("name").asText().startsWith("Contention.hot")) {
                long sum = 0;
                for (JsonNode bucket : lock.get("waitHistogram")) {
                    sum += bucket.get("count").asLong();
                }
                assertEquals(lock.get("contended").asLong(), sum, lock.toString());
                assertEquals(Contention.ROUNDS, sum, lock.toString());
            }
        }
        String html = Files.readString(report.resolve("racewatch.html"));
        assertTrue(html.contains("<svg class=\"histogram\""), "the page draws it");
    }
}
