package io.racewatch.junit;

import fixtures.racy.AttributionCases;
import fixtures.racy.AutoDetectedCases;
import fixtures.racy.ClassLevelCases;
import fixtures.racy.CloseCases;
import fixtures.racy.ParallelCases;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each finding fails the test that ran into it, whatever thread or task completed it; this JVM runs under the agent. */
class AttributionIT {
    @Test
    void raceInThreadsTheTestStartedFailsThatTestWithTheInterleaving() {
        String message = Outcomes.run(AttributionCases.class).messageOf("racyThreads");
        assertTrue(message.startsWith("racewatch: 1 race during this test"), message);
        assertTrue(message.contains("map-rmw on") && message.contains("key threads"), message);
        assertTrue(message.contains("Interleaving"), "the table: " + message);
        assertTrue(message.contains("racer-a") && message.contains("racer-b"), "both threads: " + message);
    }

    @Test
    void threadsStartedWhereRacewatchCannotSeeTheStartWorkForTheTestThatCreatedThem() {
        String message = Outcomes.run(AttributionCases.class).messageOf("racyThreadsStartedUnseen");
        assertTrue(message.contains("key unseen"), message);
    }

    @Test
    void raceInPoolTasksAndStagesFailsTheTestThatSubmittedThem() {
        Outcomes o = Outcomes.run(AttributionCases.class);
        assertAll(
            () -> assertTrue(o.messageOf("racyTasks").contains("key tasks"), o.messageOf("racyTasks")),
            () -> assertTrue(o.messageOf("racyStages").contains("key stages"), o.messageOf("racyStages")),
            () -> assertNull(o.failureOf("clean"), () -> String.valueOf(o.failureOf("clean"))));
    }

    @Test
    void raceInClassSetUpFailsTheClassNotItsTests() {
        Outcomes o = Outcomes.run(ClassLevelCases.class);
        assertNull(o.failureOf("passes"), () -> String.valueOf(o.failureOf("passes")));
        Throwable failure = o.classFailure();
        assertNotNull(failure, "the class should fail");
        assertTrue(failure.getMessage().contains("outside the tests of this class") && failure.getMessage().contains("map-unsafe"),
            failure.getMessage());
    }

    @Test
    void autoDetectionRegistersTheExtension() {
        assertTrue(Outcomes.run(AutoDetectedCases.class, "junit.jupiter.extensions.autodetection.enabled=true")
            .messageOf("racy").contains("key auto"));
        assertNull(Outcomes.run(AutoDetectedCases.class).failureOf("racy"), "not registered: not watched");
    }

    @Test
    void underParallelExecutionEachTestGetsItsOwnFindingsOnly() {
        Outcomes o = Outcomes.run(ParallelCases.class,
            "junit.jupiter.execution.parallel.enabled=true",
            "junit.jupiter.execution.parallel.config.strategy=fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism=" + ParallelCases.TESTS);
        for (int i = 1; i <= 4; i++) {
            String message = o.messageOf("racy" + i);
            assertTrue(message.contains("key racy" + i), message);
            for (int j = 1; j <= 4; j++) {
                assertFalse(j != i && message.contains("key racy" + j), "racy" + i + " got racy" + j + "'s finding: " + message);
            }
        }
        assertNull(o.failureOf("clean1"), o.summary().toString());
        assertNull(o.failureOf("clean2"), o.summary().toString());
    }

    @Test
    void aTaskLeftScheduledByACloseFailsItsTestAndOneCancelledJustAfterTheCloseDoesNot() {
        Outcomes o = Outcomes.run(CloseCases.class);
        String message = o.messageOf("forgetsItsTimeout");
        assertTrue(message.contains("timer-outlives-owner") && message.contains("during this test"), message);
        assertNull(o.failureOf("cancelsOnAnotherThreadAfterClose"), () -> String.valueOf(o.failureOf("cancelsOnAnotherThreadAfterClose")));
    }
}
