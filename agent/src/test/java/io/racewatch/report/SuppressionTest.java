package io.racewatch.report;

import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuppressionTest {
    private final Site read = Sites.get(Sites.register("com.acme.stats.Counter", "bump", "Counter.java", 20, "Counter.hits"));
    private final Site other = Sites.get(Sites.register("com.acme.web.Handler", "serve", "Handler.java", 7, null));

    private Finding finding(String kind) {
        List<Access> accesses = List.of(
            new Access("t1", "get", read, new String[] {"com.acme.stats.Counter.bump(Counter.java:20)", "com.acme.Main.run(Main.java:3)"}, 1),
            new Access("t2", "put", other, new String[] {"com.acme.web.Handler.serve(Handler.java:7)"}, 2));
        return new Finding(kind, "m", new Finding.Resource("map", "Counter.hits", "java.util.HashMap", "k"), accesses, List.of(), false,
            new int[] {read.id, other.id});
    }

    @Test
    void matchesResourceSitesAndStackFramesAnywhere() {
        assertTrue(SuppressionRule.parse("map-rmw:Counter.hits", "").matches(finding("map-rmw")), "the resource");
        assertTrue(SuppressionRule.parse("map-rmw:Handler.serve", "").matches(finding("map-rmw")), "a site");
        assertTrue(SuppressionRule.parse("map-rmw:com.acme.Main.run", "").matches(finding("map-rmw")), "a deeper frame");
        assertFalse(SuppressionRule.parse("map-rmw:com.acme.billing", "").matches(finding("map-rmw")));
    }

    @Test
    void kindsRaceAndStarSelect() {
        assertFalse(SuppressionRule.parse("map-unsafe:Counter", "").matches(finding("map-rmw")));
        assertTrue(SuppressionRule.parse("race:Counter", "").matches(finding("map-unsafe")));
        assertFalse(SuppressionRule.parse("race:Counter", "").matches(finding("lock-hold")));
        assertTrue(SuppressionRule.parse("*:Counter", "").matches(finding("lock-hold")));
    }

    @Test
    void starIsAWildcardAndCaretAndDollarAnchor() {
        assertTrue(SuppressionRule.parse("race:com.acme.*.bump", "").matches(finding("map-rmw")));
        assertTrue(SuppressionRule.parse("race:^com.acme.web.", "").matches(finding("map-rmw")));
        assertFalse(SuppressionRule.parse("race:^acme.web.", "").matches(finding("map-rmw")));
        assertTrue(SuppressionRule.parse("race:(Handler.java:7)$", "").matches(finding("map-rmw")));
        assertFalse(SuppressionRule.parse("race:(Handler.java:$", "").matches(finding("map-rmw")));
    }

    @Test
    void badRulesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuppressionRule.parse("nonsense", "")).getMessage()
            .contains("kind:pattern"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuppressionRule.parse("map-rwm:X", "")).getMessage()
            .contains("unknown kind 'map-rwm'"));
    }

    @Test
    void fileHasCommentsReasonsAndSkipsBadLinesOneProblemEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("suppressions.txt");
        Files.writeString(file, "# header\n\nmap-rmw:Counter.bump   # approximate counters\nbogus line\nrace:^com.vendor.\n");
        List<String> problems = new ArrayList<>();
        List<SuppressionRule> rules = Suppressions.load(file, problems::add);
        assertEquals(2, rules.size());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("line 4") && problems.get(0).contains("bogus line"), problems.get(0));
        Suppression s = rules.get(0).suppression(false);
        assertEquals("map-rmw:Counter.bump", s.rule());
        assertEquals("approximate counters", s.reason());
        assertEquals("map-rmw:Counter.bump (suppressions file): approximate counters", s.describe());
    }

    @Test
    void missingFileIsOneProblemAndNoRules(@TempDir Path dir) {
        List<String> problems = new ArrayList<>();
        assertTrue(Suppressions.load(dir.resolve("absent.txt"), problems::add).isEmpty());
        assertEquals(1, problems.size());
    }

    @Test
    void findingsSetsSuppressedFindingsAsideAndCountsThem() {
        List<Finding> heard = new ArrayList<>();
        Findings.addListener(heard::add);
        Findings.useSuppressions(List.of(SuppressionRule.parse("lock-order:Counter.hits", "known")));
        try {
            Finding f = finding("lock-order");
            Findings.publish(f);
            Findings.publish(finding("lock-order")); // a repeat is counted on the suppressed finding
            assertTrue(Findings.suppressed().contains(f));
            assertFalse(Findings.all().contains(f));
            assertFalse(heard.contains(f), "sinks never see it");
            assertEquals(2, f.count());
            assertEquals("known", f.suppression().reason());
        } finally {
            Findings.useSuppressions(List.of());
        }
    }
}
