package io.racewatch.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overhead budget's rule, fed measured costs by hand. */
class WindowDriverTest {
    private final WindowDriver driver = new WindowDriver(100, 0.2, 0.02);

    @Test
    void aCostOverTheBudgetLowersTheShareInProportion() {
        double next = driver.adjusted(0.2, 8_000_000L, 100_000_000L); // probes took 8% of the CPU: 4x the budget
        assertTrue(next < 0.2 / 4 && next > 0.2 / 5, "scaled to fit the budget, with a margin: " + next);
    }

    @Test
    void theShareNeverDropsBelowTheFloor() {
        assertEquals(WindowDriver.MIN_DUTY, driver.adjusted(0.01, 90_000_000L, 100_000_000L));
    }

    @Test
    void wellUnderTheBudgetTheShareGrowsBackUpToTheConfiguredOne() {
        assertEquals(0.15, driver.adjusted(0.1, 100_000L, 100_000_000L), 1e-12);
        assertEquals(0.2, driver.adjusted(0.18, 100_000L, 100_000_000L), 1e-12);
    }

    @Test
    void nearTheBudgetTheShareStays() {
        assertEquals(0.1, driver.adjusted(0.1, 1_500_000L, 100_000_000L));
    }
}
