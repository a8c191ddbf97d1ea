package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.DirectBuffers;
import testprograms.SchedulerSequencer;

import java.nio.file.Path;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JDK's count of direct memory, which every thread that allocates a direct buffer updates, and
 * the scheduled executors' sequencer, which every schedule call increments, order nothing.
 */
class JdkCountersIT {
    @TempDir
    Path report;

    @Test
    void twoThreadsThatOnlyAllocateDirectBuffersStayUnordered() throws Exception {
        AgentRun.Result r = AgentRun.of(DirectBuffers.class).option("exclude=testprograms.Unseen*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("count=2 capacity=64", r.stdout().trim(), "both threads updated the map");
        JsonNode f = ItAssertions.sameCodeRmw(r, DirectBuffers.class, "@read", "@write");
        assertEquals("error", f.path("severity").asText(), f.toString());
        assertNoAgentFailure(r);
    }

    @Test
    void twoThreadsThatOnlyScheduleOnTheirOwnExecutorsStayUnordered() throws Exception {
        AgentRun.Result r = AgentRun.of(SchedulerSequencer.class).option("exclude=testprograms.Unseen*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals("count=2", r.stdout().trim(), "both threads updated the map");
        JsonNode f = ItAssertions.sameCodeRmw(r, SchedulerSequencer.class, "@read", "@write");
        assertEquals("error", f.path("severity").asText(), f.toString());
        assertNoAgentFailure(r);
    }
}
