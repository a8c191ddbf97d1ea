package io.racewatch.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.Ordered;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every synchronization mechanism the JDK offers orders two read-modify-writes: with it visible,
 * racewatch must report nothing; with the mechanism's class excluded (the ordering hidden), the
 * very same program must be reported, which shows the clean result comes from the edge.
 */
class HappensBeforeIT {
    @TempDir
    Path report;

    @ParameterizedTest
    @ValueSource(strings = {"synchronized", "synchronized-method", "reentrant-lock", "read-write-lock", "stamped-lock",
        "wait-notify", "condition", "start-join", "start-method-reference", "executor-future", "invoke-all", "completable-future", "count-down-latch",
        "cyclic-barrier", "semaphore", "phaser", "exchanger", "blocking-queue", "atomic", "volatile"})
    void orderedByTheMechanismIsClean(String mechanism) throws Exception {
        AgentRun.Result visible = AgentRun.of(Ordered.class).args(mechanism).run(report.resolve("visible"));
        assertEquals(0, visible.exitCode(), visible.transcript());
        assertEquals(List.of(), visible.findings(), mechanism + " orders the two updates\n" + visible.transcript());

        AgentRun.Result hidden = AgentRun.of(Ordered.class).args(mechanism).option("exclude=testprograms.Ordered$*")
            .run(report.resolve("hidden"));
        assertEquals(0, hidden.exitCode(), hidden.transcript());
        assertFalse(hidden.findings("map-rmw").isEmpty(), mechanism + " hidden: the race must show\n" + hidden.transcript());
    }
}
