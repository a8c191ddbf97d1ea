package io.racewatch.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A probe's handler hands its failure to Faults: nothing may come back out, even with the heap full. */
class FaultsTest {
    @Test
    void aFaultThatCannotBeLoggedStaysInsideRacewatch() {
        assumeTrue(Faults.count() < 3, "only the first three faults are logged");
        int before = Faults.count();
        Log.deferTo(message -> {
            throw new OutOfMemoryError("simulated: no memory left to log");
        });
        try {
            assertDoesNotThrow(() -> Faults.report("a probe", new IllegalStateException("probe failed")));
            assertEquals(before + 1, Faults.count());
        } finally {
            Log.deferTo(null);
            FaultCount.restore(before);
        }
    }
}
