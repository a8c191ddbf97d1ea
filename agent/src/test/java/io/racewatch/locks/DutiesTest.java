package io.racewatch.locks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The duties' start: the starter (which starts the hold clock, staging's coarse clock) has run
 * before any thread is told the duties started, and lock work inside the starter does not run it
 * again.
 */
class DutiesTest {
    @Test
    void theStarterRunsOnceAndBeforeTheDutiesSayTheyStarted() {
        List<Boolean> startedSeen = new ArrayList<>();
        Duties.startAgainWith(() -> {
            startedSeen.add(Duties.started());
            Duties.lockWork(); // lock work inside the starter (the thread's start takes a lock)
        });
        Duties.lockWork();
        assertEquals(List.of(false), startedSeen, "run once, before started() was true");
        assertTrue(Duties.started());
        Duties.lockWork();
        assertEquals(1, startedSeen.size(), "started once only");
    }
}
