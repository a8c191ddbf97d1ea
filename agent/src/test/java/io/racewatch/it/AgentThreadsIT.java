package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.ThreadWatcher;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * racewatch's own threads are invisible to a program that watches its own: they start only when
 * there is work for them, are daemons named {@code racewatch-...}, and live in a thread group of
 * their own, so a hang detector that counts the waiting threads of its group sees its hang.
 */
class AgentThreadsIT {
    @TempDir
    Path report;

    @Test
    void aHangDetectorCountingItsGroupsThreadsSeesTheSameAsWithoutTheAgent() throws Exception {
        AgentRun.Result r = AgentRun.of(ThreadWatcher.class).args("hang").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of("threads at start: 1", "hang seen: 3 of 3 other threads waiting",
            "group threads: [main, worker-0, worker-1, worker-2]"), r.stdout().lines().toList(), r.transcript());
        assertEquals(PlainRun.stdout(ThreadWatcher.class, "hang"), r.stdout(), "the same as without the agent");
    }

    /**
     * The reporter starts at the first finding; the watchdog already runs before the program's first
     * lock: the JVM's start-up synchronizes through objects racewatch caches, and the watchdog is
     * what lets go of them.
     */
    @Test
    void racewatchThreadsStartWithTheirWorkAndAreNamedDaemonsOfTheirOwnGroup() throws Exception {
        AgentRun.Result r = AgentRun.of(ThreadWatcher.class).args("agent-threads").option("holdThresholdMs=100").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of("before any lock: [racewatch-watchdog daemon=true group=racewatch]",
            "after a long hold: [racewatch-reporter daemon=true group=racewatch, racewatch-watchdog daemon=true group=racewatch]"),
            r.stdout().lines().toList(), r.transcript());
        assertEquals(1, r.findings("lock-hold").size(), r.transcript());
    }
}
