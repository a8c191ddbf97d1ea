package io.racewatch.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.util.Preconditions;
import org.opentest4j.AssertionFailedError;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lmax.disruptor.RingBuffer;
import org.jctools.queues.MpscArrayQueue;
import testprograms.HandedOffInLibrary;
import testprograms.OrderedAtSource;
import testprograms.OrderedInLibrary;
import testprograms.SeparateThreadTimeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Hand-offs made where the application makes no synchronizing call of its own: inside JDK
 * utilities ({@link OrderedAtSource}: termination, invokeAll, completion services,
 * CompletableFuture combinators, fork/join, parallel streams, Timer, cached and scheduled pools),
 * inside an excluded library ({@link OrderedInLibrary}, {@code testprograms.lib.*} excluded), through
 * Unsafe, VarHandles, fences, volatile fields and striped counters inside libraries that are not checked
 * ({@link HandedOffInLibrary}: JCTools, Agrona, Caffeine, Disruptor, {@code testprograms.lib.*}) and
 * inside JUnit's own timeout executor ({@link SeparateThreadTimeout}). {@code include} decides
 * what is checked, never what orders: each clean program must be silent and each racy twin
 * reported at both sites of the update.
 */
class HappensBeforeAtSourceIT {
    /**
     * Clean programs whose edge racewatch does not see yet. Each one named here is
     * checked to be still reported, so that this test notices the day it is not: remove a name
     * here as soon as its edge is captured at the source.
     */
    static final Set<String> MISSED_TODAY = Set.of();

    @TempDir
    Path report;

    static Stream<Arguments> programs() {
        return Stream.of(
            OrderedAtSource.mechanisms().stream().map(m -> Arguments.of(OrderedAtSource.class, m)),
            OrderedInLibrary.mechanisms().stream().map(m -> Arguments.of(OrderedInLibrary.class, m)),
            HandedOffInLibrary.mechanisms().stream().map(m -> Arguments.of(HandedOffInLibrary.class, m)),
            SeparateThreadTimeout.mechanisms().stream().map(m -> Arguments.of(SeparateThreadTimeout.class, m))
        ).flatMap(s -> s);
    }

    /** The run as the program needs it: the library excluded, JUnit, JCTools and Caffeine on the class path. */
    private static AgentRun run(Class<?> program, String mechanism, String twin) {
        AgentRun run = Twins.run(program, mechanism, twin, List.of());
        if (program == OrderedInLibrary.class || program == HandedOffInLibrary.class) {
            run.option("exclude=testprograms.lib.*");
        }
        if (program == HandedOffInLibrary.class) {
            // Not checked: include is testprograms.* (see AgentRun).
            run.classPathOf(MpscArrayQueue.class).classPathOf(Caffeine.class).classPathOf(RingBuffer.class)
                .classPathOf(org.agrona.concurrent.OneToOneConcurrentArrayQueue.class)
                .jvmOption("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"); // Agrona 2 asks for it
        }
        if (program == SeparateThreadTimeout.class) {
            run.classPathOf(Assertions.class).classPathOf(AssertionFailedError.class).classPathOf(Preconditions.class);
        }
        return run;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("programs")
    void orderedByTheMechanismIsClean(Class<?> program, String mechanism) throws Exception {
        if (!MISSED_TODAY.contains(mechanism)) {
            Twins.assertClean(run(program, mechanism, "clean"), mechanism, report);
            return;
        }
        AgentRun.Result r = run(program, mechanism, "clean").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertFalse(r.findings().isEmpty(), mechanism + " is now clean: its edge is seen, remove it from MISSED_TODAY\n"
            + r.transcript());
        assertFalse(r.findings().stream().anyMatch(f -> !f.path("kind").asText().startsWith("map-")),
            "a missed edge shows as map findings only:\n" + summary(r));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("programs")
    void racyTwinIsReportedAtBothSites(Class<?> program, String mechanism) throws Exception {
        Twins.assertRacy(run(program, mechanism, "racy"), program, mechanism, report);
    }
}
