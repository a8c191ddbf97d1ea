package io.racewatch.agent;

import io.racewatch.runtime.SamplingWindows;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The start-up training of the probes' window branch: a window of its own, closed again before the program runs. */
class ProbeTrainingTest {
    @Test
    void trainsInAnEpochOfItsOwnAndLeavesTheWindowClosed() {
        SamplingWindows.closeWindow();
        try {
            int before = SamplingWindows.state();
            ProbeTraining.run();
            assertFalse(SamplingWindows.open(), "the program starts between windows");
            assertEquals(before + 2, SamplingWindows.state(), "one epoch opened and closed, no recorded state shared with the program's first window");
        } finally {
            SamplingWindows.openWindow(); // test mode: one window for the whole run
        }
    }
}
