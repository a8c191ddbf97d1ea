package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.OwnerHandover;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A map used by one thread and then by another: what the owner did before the second thread
 * arrived is checked against it, in the order it happened, and never makes an ordered access
 * look like a race (commons-pool's keyed pool: a lost update "in between" was reported).
 */
class OwnerHandoverIT {
    @TempDir
    Path report;

    @Test
    void accessesOrderedByThreadStartAfterTheOwnersWritesAreClean() throws Exception {
        AgentRun.Result r = AgentRun.of(OwnerHandover.class).option("exclude=testprograms.Handoff*").args("ordered").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("k2=1", r.stdout().trim(), r.transcript());
        assertEquals(List.of(), r.findings(), summary(r));
    }

    @Test
    void theRacyTwinIsALostUpdateAsItHappened() throws Exception {
        AgentRun.Result r = AgentRun.of(OwnerHandover.class).option("exclude=testprograms.Handoff*").args("racy").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("k2=2", r.stdout().trim(), r.transcript());
        JsonNode f = findingAt(r, "map-rmw", OwnerHandover.class, "@worker-get", "@worker-remove", "@racy-put");
        assertTrue(f.get("observed").asBoolean(), f.toString());
        assertEquals("k2", f.at("/resource/key").asText());
        assertEquals("returner", f.at("/accesses/0/thread").asText());
        assertEquals("main", f.at("/accesses/2/thread").asText());
    }
}
