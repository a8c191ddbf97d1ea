package io.racewatch.report;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.TestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FindingLineTest {
    private final Site read = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 41, "JobTracker.jobs"));
    private final Site write = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 42, "JobTracker.jobs"));
    private final Site other = Sites.get(Sites.register("com.acme.Worker", "run", null, -1, null));

    static Finding raceIn(String test, Site read, Site write, Site other) {
        List<Access> accesses = List.of(
            new Access("heartbeat", "get", read, new String[] {"com.acme.JobTracker.beat(JobTracker.java:41)"}, 1),
            new Access("heartbeat", "put", write, new String[] {"com.acme.JobTracker.beat(JobTracker.java:42)"}, 3),
            new Access("worker <1>", "put", other, new String[] {"com.acme.Worker.run(Unknown Source)"}, 2));
        List<HistoryRow> history = List.of(new HistoryRow(1, "heartbeat", "get", read), new HistoryRow(2, "worker <1>", "put", other),
            new HistoryRow(3, "heartbeat", "put", write));
        return new Finding("map-rmw", "Lost update: \"quoted\"\nnext line \u00e9\u0001",
            new Finding.Resource("map", "JobTracker.jobs", "java.util.HashMap", "job-1"), accesses, history, true,
            new int[] {read.id, write.id, other.id}, Instant.parse("2026-01-02T03:04:05.678Z"),
            test == null ? null : new TestContext("[engine:junit-jupiter]/[method:" + test + "]", "ShopTest." + test + "()", 0), 2);
    }

    @Test
    void aLineReadsBackAsTheFindingItWasWrittenFrom() {
        Finding original = raceIn("checkout", read, write, other);
        RecordedFinding r = FindingLine.parse(FindingJson.line(original));
        Finding f = r.finding();
        assertEquals("map-rmw", f.kind());
        assertEquals(original.message(), f.message());
        assertEquals(original.resource(), f.resource());
        assertEquals(original.time(), f.time());
        assertEquals(2, f.count());
        assertEquals(original.test().id(), f.test().id());
        assertEquals("ShopTest.checkout()", f.test().name());
        assertEquals(3, f.accesses().size());
        for (int i = 0; i < 3; i++) {
            Access a = original.accesses().get(i);
            Access b = f.accesses().get(i);
            assertEquals(a.thread(), b.thread());
            assertEquals(a.op(), b.op());
            assertEquals(a.site().frame(), b.site().frame());
            assertEquals(a.seq(), b.seq());
            assertArrayEquals(a.stack(), b.stack());
        }
        assertEquals(original.history().size(), f.history().size());
        assertEquals("worker <1>", f.history().get(1).thread());
        assertEquals(-1, f.accesses().get(2).site().line);
        assertNull(f.accesses().get(2).site().file);
        assertEquals("error", r.severity(), "a map race is an error by its kind");
        assertEquals(FindingText.render(original), FindingText.render(f), "the text form of both is the same");
    }

    @Test
    void resourceDetailsAndASeverityFieldAreKept() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("owner", "com.acme.Connection@1b6d3586");
        details.put("periodMs", 50L);
        Finding f = new Finding("timer-outlives-owner", "m", new Finding.Resource("task", "scheduleAtFixedRate at Connection.<init>:31",
            "com.acme.Connection$$Lambda", null, details), List.of(), List.of(), true, new int[] {other.id});
        String line = FindingJson.line(f);
        assertEquals("warning", FindingLine.parse(line).severity());
        Finding back = FindingLine.parse(line).finding();
        assertEquals(details, back.resource().details());
        assertNull(back.test());
        String withSeverity = line.substring(0, line.length() - 1) + ",\"severity\":\"note\",\"later\":[1,2.5,null,{}]}";
        assertEquals("note", FindingLine.parse(withSeverity).severity());
    }

    @Test
    void accessesWrittenWithoutTheirPositionFindItInTheHistory() {
        String line = FindingJson.line(raceIn(null, read, write, other)).replaceAll(",\"seq\":[0-9]+,\"site\"", ",\"site\"");
        Finding f = FindingLine.parse(line).finding();
        assertEquals(List.of(1L, 3L, 2L), f.accesses().stream().map(Access::seq).toList());
    }

    @Test
    void whatIsNotAFindingIsRefusedSayingWhy() {
        assertEquals("missing field 'kind'", assertThrows(IllegalArgumentException.class, () -> FindingLine.parse("{\"message\":\"m\"}"))
            .getMessage());
        assertThrows(IllegalArgumentException.class, () -> FindingLine.parse("{\"kind\":\"map-rmw\""));
        assertThrows(IllegalArgumentException.class, () -> FindingLine.parse("[1]"));
    }
}
