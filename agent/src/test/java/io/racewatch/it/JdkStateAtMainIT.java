package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.CommonPoolSizedInMain;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * racewatch's start-up leaves the JDK state that is configured once, on first use, to the
 * program: a common fork/join pool sized by a property set in {@code main} gets that size.
 */
class JdkStateAtMainIT {
    @TempDir
    Path report;

    @Test
    void commonPoolSizedInMainGetsItsSize() throws Exception {
        List<String> expected = List.of("common pool parallelism 3", "async result 42");
        assertEquals(expected, PlainRun.stdout(CommonPoolSizedInMain.class).lines().toList(), "without the agent");

        AgentRun.Result r = AgentRun.of(CommonPoolSizedInMain.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(expected, r.stdout().lines().toList(), r.transcript());
        assertNoAgentFailure(r);
    }
}
