package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.squareup.otto.Bus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.severity.CreatedTwice;
import testprograms.severity.OttoProducers;
import testprograms.severity.StoreCycles;
import testprograms.severity.WorkerHandover;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Severity under the real agent: a duplicate computation of an equal value is a note, a lock
 * created twice for one key an error; and a read pairs with a write only within one operation.
 */
class SeverityIT {
    private static final String HIDDEN_HANDOFF = "exclude=testprograms.Handoff*";

    @TempDir
    Path report;

    @Test
    void equalValuesCreatedTwiceAreANoteWithTheReason() throws Exception {
        AgentRun.Result r = AgentRun.of(CreatedTwice.class).option(HIDDEN_HANDOFF).args("equal").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("same=false equal=true", r.stdout().trim(), "both threads really created the value");
        JsonNode f = sameCodeRmw(r, CreatedTwice.class, "@check", "@create");
        assertEquals("note", f.path("severity").asText(), f.toString());
        assertTrue(f.path("severityReason").asText().startsWith("duplicate computation"), f.toString());
        assertTrue(r.stderr().contains(": note"), "the text says it at a glance:\n" + r.transcript());
        JsonNode sarif = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(report.resolve("racewatch.sarif")));
        assertEquals("note", sarif.at("/runs/0/results/0/level").asText(), sarif.toString());
        assertNoAgentFailure(r);
    }

    @Test
    void aLockCreatedTwiceForOneKeyIsAnError() throws Exception {
        AgentRun.Result r = AgentRun.of(CreatedTwice.class).option(HIDDEN_HANDOFF).args("lock").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("same=false equal=false", r.stdout().trim());
        JsonNode f = sameCodeRmw(r, CreatedTwice.class, "@check", "@create");
        assertEquals("error", f.path("severity").asText(), f.toString());
        assertTrue(f.path("severityReason").asText().contains("identity"), f.toString());
    }

    @Test
    void ottosProducerCacheRaceIsANoteAndNothingMore() throws Exception {
        AgentRun.Result r = AgentRun.of(OttoProducers.class).option(HIDDEN_HANDOFF).option("include=testprograms.*:com.squareup.otto.*")
            .classPathOf(Bus.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        JsonNode cache = null;
        for (JsonNode f : r.findings()) {
            assertEquals("note", f.path("severity").asText(), "nothing above a note:\n" + summary(r));
            if (f.path("resource").path("name").asText().equals("AnnotatedHandlerFinder.PRODUCERS_CACHE")) {
                cache = f;
            }
        }
        assertTrue(cache != null, "the cache race is reported:\n" + summary(r) + "\n" + r.transcript());
        assertEquals("map-rmw", cache.path("kind").asText());
        assertEquals("com.squareup.otto.AnnotatedHandlerFinder", cache.at("/accesses/0/site/class").asText());
        assertEquals("findAllProducers", cache.at("/accesses/0/site/method").asText());
        assertEquals("loadAnnotatedMethods", cache.at("/accesses/1/site/method").asText());
        assertNoAgentFailure(r);
    }

    @Test
    void aCheckInOneStoreCycleDoesNotPairWithTheNextCyclesWrite() throws Exception {
        AgentRun.Result r = AgentRun.of(StoreCycles.class).option(HIDDEN_HANDOFF).args("cycles").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("chunk-1=1", r.stdout().trim());
        assertEquals(0, r.findings("map-rmw").size(), summary(r));
        assertNoAgentFailure(r);
    }

    @Test
    void aRemovalBetweenACheckThatFoundNothingAndTheWriteIsANote() throws Exception {
        AgentRun.Result r = AgentRun.of(WorkerHandover.class).option(HIDDEN_HANDOFF).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("removed=false\ninstalled=true", r.stdout().trim().replace("\r", ""), "the removal came between and removed nothing");
        JsonNode f = ItAssertions.findingAt(r, "map-rmw", WorkerHandover.class, "@check", "@install", "@remove");
        assertEquals("note", f.path("severity").asText(), f.toString());
        assertTrue(f.path("severityReason").asText().startsWith("nothing lost"), f.toString());
        assertEquals(0, r.findings().stream().filter(x -> !x.path("severity").asText().equals("note")).count(), summary(r));
        assertNoAgentFailure(r);
    }

    @Test
    void aCheckAndAWriteInOneOperationAreALostUpdate() throws Exception {
        AgentRun.Result r = AgentRun.of(StoreCycles.class).option(HIDDEN_HANDOFF).args("one").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("chunk-1=1", r.stdout().trim(), "the other thread's put was lost");
        JsonNode f = ItAssertions.findingAt(r, "map-rmw", StoreCycles.class, "@one-check", "@one-write", "@other-put");
        assertTrue(f.path("observed").asBoolean());
        assertEquals("error", f.path("severity").asText());
    }
}
