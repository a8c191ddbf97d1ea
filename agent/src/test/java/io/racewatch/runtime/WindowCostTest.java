package io.racewatch.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window's cost from the process's CPU in and out of windows, and what the budget makes of it. */
class WindowCostTest {
    private static final long MS = 1_000_000L;

    @Test
    void aWindowIsChargedTheCpuItTookOverTheRateBetweenWindows() {
        // one core between windows (450 ms of CPU in 450 ms), three cores' worth while open
        assertEquals(200 * MS, WindowCost.extraNs(300 * MS, 100 * MS, 450 * MS, 450 * MS));
    }

    @Test
    void aWindowThatUsedNoMoreCpuThanTheGapsCostsNothingHere() {
        // every core busy either way: the cost is lost throughput, left to the timed probe calls
        assertEquals(0, WindowCost.extraNs(200 * MS, 100 * MS, 1_800 * MS, 900 * MS));
        assertEquals(0, WindowCost.extraNs(100 * MS, 100 * MS, 1_800 * MS, 900 * MS));
    }

    @Test
    void withoutAMeasuredGapNothingIsCharged() {
        assertEquals(0, WindowCost.extraNs(300 * MS, 100 * MS, 0, 0));
    }

    @Test
    void aCycleIsTheWindowAndAGapAtTheRateBetweenWindows() {
        assertEquals(300 * MS + 900 * MS, WindowCost.cycleCpuNs(300 * MS, 450 * MS, 450 * MS, 900 * MS));
    }

    @Test
    void aWindowDearOnlyInCpuLowersTheShareWhereTimedProbeCallsWouldNot() {
        WindowDriver driver = new WindowDriver(100, 0.1, 0.02);
        long probes = 10 * MS; // timed probe calls: 1% of the cycle, under the 2% budget
        long extra = WindowCost.extraNs(300 * MS, 100 * MS, 450 * MS, 450 * MS);
        long cycle = WindowCost.cycleCpuNs(300 * MS, 450 * MS, 450 * MS, 900 * MS);
        assertEquals(0.1, driver.adjusted(0.1, probes, cycle), 1e-12);
        double next = driver.adjusted(0.1, Math.max(probes, extra), cycle);
        assertTrue(next < 0.1 * 0.02 / (200.0 / 1200) && next >= WindowDriver.MIN_DUTY, "scaled to the window's whole cost: " + next);
    }
}
