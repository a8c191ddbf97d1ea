package io.racewatch.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.SynchronizedBlocks;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JIT's first tier compiles rewritten methods: a method the JIT refuses stays interpreted
 * until C2 gets to it, which made every method with a synchronized block several times slower
 * while a program warmed up (C1: "exception handler covers itself", or with the class rewritten
 * for ordering only "error while joining with exception handler"). Compilation is synchronous
 * here (-Xbatch), so each method's first-tier compilation is attempted before the loop ends.
 */
class JitCompilesRewrittenIT {
    @TempDir
    Path report;

    @ParameterizedTest
    @ValueSource(strings = {"testprograms.*", "none.*"})
    void c1CompilesMethodsWithSynchronizedBlocks(String include) throws Exception {
        AgentRun.Result r = AgentRun.of(SynchronizedBlocks.class)
            .jvmOption("-XX:+PrintCompilation").jvmOption("-Xbatch").jvmOption("-XX:TieredStopAtLevel=1")
            .option("include=" + include)
            .run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("done"), r.transcript());
        List<String> lines = r.stdout().lines().filter(l -> l.contains("SynchronizedBlocks$Counter::add")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("::add ")), r.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.contains("::addUnlessClosed ")), r.stdout());
        assertFalse(lines.stream().anyMatch(l -> l.contains("COMPILE SKIPPED")), String.join("\n", lines));
    }
}
