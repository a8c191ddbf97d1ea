package io.racewatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindingJsonTest {
    private final Site read = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 41, "JobTracker.jobs"));
    private final Site write = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 42, "JobTracker.jobs"));
    private final Site other = Sites.get(Sites.register("com.acme.Worker", "run", "Worker.java", 17, null));

    private Finding finding() {
        List<Access> accesses = List.of(
            new Access("heartbeat", "get", read, new String[] {"com.acme.JobTracker.beat(JobTracker.java:41)"}, 1),
            new Access("heartbeat", "put", write, new String[] {"com.acme.JobTracker.beat(JobTracker.java:42)"}, 3),
            new Access("worker \"1\"", "put", other, new String[] {"com.acme.Worker.run(Worker.java:17)"}, 2));
        List<HistoryRow> history = List.of(new HistoryRow(1, "heartbeat", "get", read), new HistoryRow(2, "worker \"1\"", "put", other),
            new HistoryRow(3, "heartbeat", "put", write));
        return new Finding("map-rmw", "Lost update: \"quoted\"\nnext line", new Finding.Resource("map", "JobTracker.jobs", "java.util.HashMap", "job-1"),
            accesses, history, true, new int[] {read.id, write.id, other.id});
    }

    @Test
    void lineFollowsTheDocumentedSchema() throws Exception {
        String line = FindingJson.line(finding());
        assertFalse(line.contains("\n"), "one finding, one line");
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("map-rmw", json.get("kind").asText());
        assertEquals("Lost update: \"quoted\"\nnext line", json.get("message").asText());
        assertEquals("JobTracker.jobs", json.at("/resource/name").asText());
        assertEquals("java.util.HashMap", json.at("/resource/class").asText());
        assertEquals("job-1", json.at("/resource/key").asText());
        assertEquals(3, json.get("accesses").size());
        assertEquals("worker \"1\"", json.at("/accesses/2/thread").asText());
        assertEquals("Worker.java", json.at("/accesses/2/site/file").asText());
        assertEquals(17, json.at("/accesses/2/site/line").asInt());
        assertEquals("com.acme.JobTracker", json.at("/accesses/0/site/class").asText());
        assertEquals("beat", json.at("/accesses/0/site/method").asText());
        assertTrue(json.at("/accesses/0/stack/0").asText().contains("JobTracker.java:41"));
        assertEquals(3, json.get("history").size());
        assertTrue(json.get("observed").asBoolean());
        assertEquals(1, json.get("count").asInt());
    }

    @Test
    void textShowsTheInterleavingOneColumnPerThread() {
        String text = FindingText.render(finding());
        String[] lines = text.split("\n");
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("heartbeat") && lines[i].contains("worker") && lines[i].trim().startsWith("#")) {
                header = i;
            }
        }
        assertTrue(header >= 0, text);
        assertTrue(lines[header + 1].contains("get JobTracker.beat:41"), text);
        int heartbeatColumn = lines[header].indexOf("heartbeat");
        int workerColumn = lines[header].indexOf("worker");
        assertEquals(workerColumn, lines[header + 2].indexOf("put Worker.run:17"), "the worker's write sits in its own column");
        assertEquals(heartbeatColumn, lines[header + 3].indexOf("put JobTracker.beat:42"));
    }

    @Test
    void resourceDetailsBecomeFieldsOfTheResource() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("owner", "com.acme.Connection@1b6d3586");
        details.put("periodMs", 50L);
        Finding f = new Finding("timer-outlives-owner", "m", new Finding.Resource("task", "scheduleAtFixedRate at Connection.<init>:31",
            "com.acme.Connection$$Lambda", null, details), List.of(), List.of(), true, new int[] {other.id});
        JsonNode json = new ObjectMapper().readTree(FindingJson.line(f));
        assertEquals("task", json.at("/resource/type").asText());
        assertEquals("com.acme.Connection@1b6d3586", json.at("/resource/owner").asText());
        assertTrue(json.at("/resource/periodMs").isNumber());
        assertEquals(50, json.at("/resource/periodMs").asInt());
        assertFalse(json.get("resource").has("key"));
        assertEquals(Map.of(), new Finding.Resource("map", "n", "c", "k").details(), "a resource without details has none");
    }
}
