package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.Contention;
import testprograms.LostUpdate;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
