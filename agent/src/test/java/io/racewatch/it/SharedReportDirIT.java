package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.LostUpdate;
import testprograms.OwnerHandover;
import testprograms.UnsafeWrites;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several JVMs, one report directory (Surefire forks, jcstress forks, services on one volume):
 * every JVM's findings survive in findings.jsonl, and report.txt and racewatch.sarif cover them all.
 */
class SharedReportDirIT {
    @TempDir
    Path report;

    private static Set<String> resources(List<JsonNode> findings) {
        Set<String> out = new TreeSet<>();
        findings.forEach(f -> out.add(f.get("kind").asText() + " " + f.at("/resource/name").asText()));
        return out;
    }

    @Test
    void twoJvmsOneAfterTheOtherKeepBothFindings() throws Exception {
        AgentRun.Result first = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").run(report);
        AgentRun.Result second = AgentRun.of(OwnerHandover.class).option("exclude=testprograms.Handoff*").args("racy").run(report);
        assertEquals(0, first.exitCode(), first.transcript());
        assertEquals(0, second.exitCode(), second.transcript());
        List<JsonNode> all = second.findings();
        assertEquals(Set.of("map-rmw LostUpdate.counts", "map-rmw OwnerHandover.pool"), resources(all), all.toString());
        Set<String> jvms = new TreeSet<>();
        all.forEach(f -> jvms.add(f.get("jvm").asText()));
        assertEquals(2, jvms.size(), "each line names its JVM: " + jvms);

        String text = Files.readString(report.resolve("report.txt"));
        assertTrue(text.startsWith("racewatch report: 2 JVMs wrote to this directory"), text);
        assertTrue(text.contains("LostUpdate.counts") && text.contains("OwnerHandover.pool"), text);
        JsonNode sarif = new ObjectMapper().readTree(report.resolve("racewatch.sarif").toFile());
        assertEquals(1, sarif.get("runs").size(), "one run of racewatch");
        Set<String> sarifResources = new TreeSet<>();
        sarif.at("/runs/0/results").forEach(res -> sarifResources.add(res.at("/properties/resource").asText()));
        assertEquals(Set.of("LostUpdate.counts", "OwnerHandover.pool"), sarifResources, sarif.toString());
    }

    @Test
    void twoJvmsAtOnceKeepEveryLineWhole() throws Exception {
        CompletableFuture<AgentRun.Result> a = CompletableFuture.supplyAsync(() -> run(
            AgentRun.of(UnsafeWrites.class).option("exclude=testprograms.Handoff*")));
        CompletableFuture<AgentRun.Result> b = CompletableFuture.supplyAsync(() -> run(
            AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*")));
        AgentRun.Result ra = a.get();
        AgentRun.Result rb = b.get();
        assertEquals(0, ra.exitCode(), ra.transcript());
        assertEquals(0, rb.exitCode(), rb.transcript());
        Set<String> found = resources(rb.findings()); // every line parses: none was torn by the other JVM
        assertTrue(found.contains("map-rmw LostUpdate.counts"), found.toString());
        assertTrue(found.stream().anyMatch(s -> s.startsWith("map-unsafe UnsafeWrites.")), found.toString());
        String text = Files.readString(report.resolve("report.txt"));
        assertTrue(text.startsWith("racewatch report: 2 JVMs wrote to this directory"), text);
    }

    private AgentRun.Result run(AgentRun program) {
        try {
            return program.run(report);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
