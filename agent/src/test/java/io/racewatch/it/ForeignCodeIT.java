package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.ForeignCode;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.findingAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * racewatch runs none of the application's code the program did not run itself (a key's
 * toString, a future's isDone), and holds no lock of its own while it runs the code the map runs
 * too (a key's hashCode and equals): a key whose hashCode takes a monitor held by a thread in a
 * map call does not deadlock, a key whose toString recurses under a monitor is never called, and
 * a strict future sees only the calls the program made.
 */
class ForeignCodeIT {
    @TempDir
    Path report;

    @Test
    void applicationCodeRunsOnlyWhenTheProgramRunsItAndNeverUnderRacewatchsLocks() throws Exception {
        AgentRun.Result r = AgentRun.of(ForeignCode.class).option("exclude=testprograms.Handoff*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(
            "monitor-key: no deadlock, size=1",
            "toString: calls=0 value=1",
            "strict-future: unexpected calls []"), r.stdout().lines().toList(), r.transcript());
        assertEquals(PlainRun.stdout(ForeignCode.class), r.stdout(), "the same output as without the agent");
        assertNoAgentFailure(r);

        // The lost update on the key whose toString must not run is still reported, the key named by class and identity.
        JsonNode f = findingAt(r, "map-rmw", ForeignCode.class, "@read-q", "@write-q", "@write-p");
        assertRmwShape(f, "get");
        String key = f.at("/resource/key").asText();
        assertTrue(key.matches("ForeignCode\\$RecursiveKey@[0-9a-f]+"), "the key as class and identity: " + key);
        assertTrue(f.get("message").asText().contains(key), f.toString());
    }
}
