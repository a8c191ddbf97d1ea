package io.racewatch.report;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    private final Site read = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 41, "JobTracker.jobs"));
    private final Site write = Sites.get(Sites.register("com.acme.JobTracker", "beat", "JobTracker.java", 42, "JobTracker.jobs"));
    private final Site other = Sites.get(Sites.register("com.acme.Worker", "run", "Worker.java", 17, null));
    private final Site close = Sites.get(Sites.register("com.acme.Connection", "close", "Connection.java", 50, null));

    private Finding timer() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("owner", "com.acme.Connection@1b6d3586");
        details.put("event", "closed");
        details.put("schedule", "fixed-rate");
        details.put("delayMs", 10L);
        details.put("periodMs", 50L);
        details.put("nextRunMs", 20L);
        return new Finding("timer-outlives-owner", "still scheduled", new Finding.Resource("task", "scheduleAtFixedRate at Worker.run:17",
            "com.acme.Ping", null, details),
            List.of(new Access("main", "scheduleAtFixedRate", other, new String[0], 1), new Access("main", "close", close, new String[0], 3)),
            List.of(new HistoryRow(1, "main", "scheduleAtFixedRate", other), new HistoryRow(2, "pool-1", "run", other),
                new HistoryRow(3, "main", "close", close)), true, new int[] {other.id, close.id});
    }

    private Finding hostile() {
        return new Finding("map-unsafe", "<script>alert(1)</script>", new Finding.Resource("map", "A.<b>", "java.util.HashMap", null),
            List.of(new Access("t\"1", "put", other, new String[] {"x"}, -1)), List.of(), false, new int[] {other.id});
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private String page() {
        Finding race = FindingLineTest.raceIn("checkout", read, write, other);
        Finding suppressed = FindingLineTest.raceIn("reserve", read, write, other);
        suppressed.suppress(new Suppression("race:Worker", "known", false));
        List<Map<?, ?>> locks = HtmlReport.locks("{\"locks\":[{\"name\":\"Stats.lock\",\"class\":\"java.lang.Object\",\"acquisitions\":10,"
            + "\"contended\":4,\"waitTotalNs\":9000000,\"waitP99Ns\":5000000,\"waitedAt\":[{\"site\":\"Stats.add:3\",\"waits\":4,\"waitNs\":9000000}],"
            + "\"heldBy\":[{\"site\":\"Stats.add:3\",\"thread\":\"w-1\",\"waits\":4,\"waitNs\":9000000}],"
            + "\"waitHistogram\":[{\"upToNs\":1000,\"count\":0},{\"upToNs\":4000,\"count\":3},{\"upToNs\":16000,\"count\":1}]}]}");
        return HtmlReport.render(List.of(race, timer(), hostile()), List.of(suppressed), locks, new SourcePaths(Path.of("")));
    }

    @Test
    void everyFindingHasItsArticleAndSwimLanesWithItsAccessesHighlighted() {
        String html = page();
        assertEquals(3, count(html, "<article class=\"finding "), "one article per reported finding");
        assertEquals(3, count(html, "<svg class=\"lanes\""));
        String race = html.substring(html.indexOf("id=\"finding-1\""), html.indexOf("id=\"finding-2\""));
        assertEquals(2, count(race, "<g class=\"lane\">"), "one lane per thread");
        assertEquals(3, count(race, "<g class=\"event essential\">"), "the three accesses highlighted");
        assertTrue(race.contains("during test <code>ShopTest.checkout()</code>"), race);
        assertTrue(race.contains("#L41\"") && race.contains("src/main/java/com/acme/JobTracker.java"), "sites link to the source SARIF names");
        assertEquals(3, count(html, "<li><a href=\"#finding-"), "a table of contents");
    }

    @Test
    void aLongRunOfOtherEventsIsOneBoxSoThatTheAccessesStayInView() {
        List<HistoryRow> history = new java.util.ArrayList<>();
        history.add(new HistoryRow(1, "heartbeat", "get", read));
        for (int i = 2; i <= 7; i++) {
            history.add(new HistoryRow(i, "worker", i % 2 == 0 ? "get" : "put", other));
        }
        history.add(new HistoryRow(8, "heartbeat", "put", write));
        Finding f = new Finding("map-rmw", "m", new Finding.Resource("map", "JobTracker.jobs", "java.util.HashMap", "k"),
            List.of(new Access("heartbeat", "get", read, new String[0], 1), new Access("heartbeat", "put", write, new String[0], 8),
                new Access("worker", "put", other, new String[0], 7)),
            history, true, new int[] {read.id, write.id, other.id});
        String svg = SwimLaneSvg.render(f);
        assertEquals(3, count(svg, "<g class=\"event essential\">"), svg);
        assertEquals(1, count(svg, "<g class=\"event\">"), "worker's five earlier events in one box: " + svg);
        assertTrue(svg.contains(">5 events</text>"), svg);
    }

    @Test
    void aTimerFindingShowsItsOwnersLifecycleWithThePlannedRuns() {
        String html = page();
        String timer = html.substring(html.indexOf("id=\"finding-2\""), html.indexOf("id=\"finding-3\""));
        assertTrue(timer.contains("<svg class=\"lifecycle\""), timer);
        assertTrue(timer.contains("close Connection.close:50"), "the lifecycle end: " + timer);
        assertEquals(5, count(timer, "class=\"planned\""), "the next run and four more periods");
        assertTrue(timer.contains("planned run at +20 ms") && timer.contains("planned run at +70 ms"), timer);
    }

    @Test
    void lockWaitsAreSortableTablesWithAHistogram() {
        String html = page();
        String locks = html.substring(html.indexOf("<section id=\"locks\">"));
        assertEquals(3, count(locks, "<table class=\"sortable\""), "the locks, the waiting sites, the holders");
        assertEquals(3, count(locks, "<rect class=\"bar\""), "one bar per bucket");
        assertTrue(locks.contains("<title>3 waits up to 4\u00b5s</title>"), locks);
        assertTrue(locks.contains("<td class=\"num\" data-sort=\"9000000\">9.0</td>"), locks);
        assertTrue(html.contains("table.sortable th"), "the sorting script is inline");
    }

    @Test
    void thePageNeedsNoNetworkAndEscapesWhatItShows() {
        String html = page();
        assertFalse(html.contains("<script>alert"), "messages are escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && html.contains("A.&lt;b&gt;"));
        assertEquals(0, count(html, "(src|href)=\"https?:"), "no external resource or link");
        assertEquals(0, count(html, "<link "));
        assertEquals(1, count(html, "<script>"), "only the inline sorting script");
        assertTrue(html.contains("Suppressed (1)") && html.contains("race:Worker (suppressions file): known"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
    }
}
