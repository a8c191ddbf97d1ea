package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.Overloads;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rewrite never changes what a program computes: methods that share a hooked method's name
 * (overloads, covariant overrides and their bridges) in maps, locks, executors, futures, queues,
 * latches, threads and atomics are called as written.
 */
class OverloadsIT {
    @TempDir
    Path report;

    @Test
    void overloadsAndCovariantOverridesComputeTheSameUnderTheAgent() throws Exception {
        String plain = PlainRun.stdout(Overloads.class);
        assertTrue(plain.contains("ClassKeyed.get(Class): own get of String"), plain);
        AgentRun.Result r = AgentRun.of(Overloads.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        assertEquals(plain, r.stdout(), r.transcript());
    }
}
