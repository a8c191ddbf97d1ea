package io.racewatch.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check counts findings by their own severity: an error, a warning and a note, against each threshold. */
class CheckThresholdTest {
    @TempDir
    Path report;

    private static String line(String kind, String name, String severity) {
        return "{\"kind\":\"" + kind + "\",\"severity\":\"" + severity + "\",\"severityReason\":\"why\",\"message\":\"m\","
            + "\"resource\":{\"type\":\"map\",\"name\":\"" + name + "\",\"class\":\"java.util.HashMap\"},"
            + "\"accesses\":[],\"history\":[],\"observed\":false,\"count\":1,\"time\":\"2026-01-01T00:00:00Z\"}";
    }

    private CheckMojo check(String threshold) throws Exception {
        CheckMojo m = new CheckMojo();
        m.project = new MavenProject();
        m.report = report.toFile();
        m.threshold = threshold;
        m.failOn = "*";
        m.failOnViolation = true;
        return m;
    }

    private void findings(String... lines) throws Exception {
        Files.write(report.resolve("findings.jsonl"), List.of(lines));
    }

    @Test
    void aNoteAndAWarningPassAtErrorAnErrorFails() throws Exception {
        findings(line("map-rmw", "Cache.entries", "note"), line("lock-hold", "Pool.lock", "warning"));
        assertDoesNotThrow(() -> check("error").execute());
        findings(line("map-rmw", "Cache.entries", "note"), line("map-unsafe", "Locks.byKey", "error"));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> check("error").execute());
        assertTrue(e.getMessage().contains("1 finding at or above error"), e.getMessage());
    }

    @Test
    void aLowerThresholdCountsWarningsOrNotes() throws Exception {
        findings(line("map-rmw", "Cache.entries", "note"), line("lock-hold", "Pool.lock", "warning"));
        MojoFailureException w = assertThrows(MojoFailureException.class, () -> check("warning").execute());
        assertTrue(w.getMessage().contains("1 finding at or above warning"), w.getMessage());
        MojoFailureException n = assertThrows(MojoFailureException.class, () -> check("note").execute());
        assertTrue(n.getMessage().contains("2 findings at or above note"), n.getMessage());
    }

    @Test
    void aLineWithoutSeverityTakesItsKindsLevel() throws Exception {
        findings(line("lock-hold", "Pool.lock", "warning").replace("\"severity\":\"warning\",", ""),
            line("lock-order", "A <-> B", "error").replace("\"severity\":\"error\",", ""));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> check("error").execute());
        assertTrue(e.getMessage().contains("1 finding at or above error"), "lock-order is an error, lock-hold a warning: " + e.getMessage());
    }
}
