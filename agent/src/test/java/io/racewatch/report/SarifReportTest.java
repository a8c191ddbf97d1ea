package io.racewatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SARIF form (the sample project validates a real one against the schema). */
class SarifReportTest {
    @TempDir
    Path repo;

    private final Site read = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 41, "JobTracker.jobs"));
    private final Site write = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 42, "JobTracker.jobs"));
    private final Site other = Sites.get(Sites.register("com.acme.Worker$Loop", "run", "Worker.java", 17, null));

    private Finding finding(String kind) {
        List<Access> accesses = List.of(new Access("heartbeat", "get", read, new String[0], 1), new Access("heartbeat", "put", write, new String[0], 3),
            new Access("worker", "put", other, new String[0], 2));
        List<HistoryRow> history = List.of(new HistoryRow(1, "heartbeat", "get", read), new HistoryRow(2, "worker", "put", other),
            new HistoryRow(3, "heartbeat", "put", write));
        return new Finding(kind, "Lost update.", new Finding.Resource("map", "JobTracker.jobs", "java.util.HashMap", "job-1"), accesses,
            history, true, new int[] {read.id, write.id, other.id});
    }

    private JsonNode render(List<Finding> reported, List<Finding> suppressed) throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        Path module = Files.createDirectories(repo.resolve("service"));
        Files.createDirectories(module.resolve("src/main/java/com/acme"));
        Files.writeString(module.resolve("src/main/java/com/acme/JobTracker.java"), "class JobTracker {}");
        Files.createDirectories(repo.resolve("lib/src/com/acme"));
        Files.writeString(repo.resolve("lib/src/com/acme/Worker.java"), "class Worker {}");
        return new ObjectMapper().readTree(SarifReport.render(reported, suppressed, new SourcePaths(module)));
    }

    @Test
    void resultHasRuleLocationsRelativeToTheRepositoryAndOneThreadFlowPerThread() throws Exception {
        JsonNode run = render(List.of(finding("map-rmw")), List.of()).at("/runs/0");
        assertEquals("racewatch", run.at("/tool/driver/name").asText());
        assertEquals(Kinds.ALL.size(), run.at("/tool/driver/rules").size());
        JsonNode r = run.at("/results/0");
        assertEquals("RW1001", r.get("ruleId").asText());
        assertEquals("RW1001", run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText());
        assertEquals("service/src/main/java/com/acme/JobTracker.java", r.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(41, r.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("lib/src/com/acme/Worker.java", r.at("/relatedLocations/1/physicalLocation/artifactLocation/uri").asText(),
            "found by searching the repository; a nested class's file is its outer class's");
        JsonNode flows = r.at("/codeFlows/0/threadFlows");
        assertEquals(2, flows.size());
        assertEquals("heartbeat", flows.get(0).get("id").asText());
        assertEquals(List.of(1, 3), List.of(flows.at("/0/locations/0/executionOrder").asInt(), flows.at("/0/locations/1/executionOrder").asInt()));
        assertEquals(2, flows.at("/1/locations/0/executionOrder").asInt());
        assertTrue(run.at("/originalUriBaseIds/%SRCROOT%/uri").asText().startsWith("file:"));
        assertEquals(32, r.at("/partialFingerprints/racewatchSites~1v1").asText().length());
    }

    @Test
    void suppressedFindingsStayWithTheirJustification() throws Exception {
        Finding f = finding("map-unsafe");
        f.suppress(new Suppression("race:JobTracker", "known", true));
        JsonNode r = render(List.of(), List.of(f)).at("/runs/0/results/0");
        assertEquals("RW1002", r.get("ruleId").asText());
        assertEquals("inSource", r.at("/suppressions/0/kind").asText());
        assertTrue(r.at("/suppressions/0/justification").asText().contains("known"));
    }

    @Test
    void aSourceFileNotFoundIsAssumedUnderSrcMainJava() throws Exception {
        Site lost = Sites.get(Sites.register("org.gone.Thing", "m", null, 3, null));
        Finding f = new Finding("lock-hold", "held", new Finding.Resource("lock", "L", "java.lang.Object", null),
            List.of(new Access("t", "lock", lost, new String[0], -1)), List.of(), true, new int[] {lost.id});
        JsonNode r = render(List.of(f), List.of()).at("/runs/0/results/0");
        assertEquals("service/src/main/java/org/gone/Thing.java", r.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("warning", r.get("level").asText());
    }
}
