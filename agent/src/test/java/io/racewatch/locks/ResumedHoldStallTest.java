package io.racewatch.locks;

import io.racewatch.detect.Detectors;
import io.racewatch.order.VectorClocks;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hold segments timed exactly rather than by the watchdog's rounds, the one resumed after a
 * wait and the one begun by a contended acquisition, have a stall of the JVM left out like any
 * other (log4j-core's suite on a loaded host: Disruptor's {@code TimeoutBlockingWaitStrategy}
 * reported for 140-264 ms of a few instructions between waking from {@code awaitNanos} and
 * waiting again). Each hold really lasts past the threshold (the test spins); the watchdog's
 * rounds are placed by hand ({@link HoldClock#tickAt}), late or on time.
 */
class ResumedHoldStallTest {
    private static final long TICK_NS = 1_000_000L;

    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    @AfterEach
    void stopClock() {
        HoldClock.stop();
    }

    private final ThreadState holder = new ThreadState(17, 1, VectorClocks.EMPTY);
    private final ThreadState other = new ThreadState(18, 1, VectorClocks.EMPTY);

    private static int site(String field, int line) {
        return Sites.register("com.acme.Strategy", "waitFor", "Strategy.java", line, field);
    }

    private static List<Finding> holds(String name) {
        return Findings.all().stream().filter(f -> f.kind().equals("lock-hold") && f.resource().name().equals(name)).toList();
    }

    @Test
    void aHoldResumedAfterAWaitLongOnlyBecauseTheJvmStalledIsNotReported() {
        assertEquals(List.of(), resumedHold("Strategy.stalled", true));
    }

    @Test
    void aHoldResumedAfterAWaitLongWithoutAStallIsReported() {
        assertEquals(1, resumedHold("Strategy.slow", false).size());
    }

    @Test
    void aContendedHoldLongOnlyBecauseTheJvmStalledIsNotReported() {
        assertEquals(List.of(), contendedHold("Strategy.contendedStalled", true));
    }

    @Test
    void aContendedHoldLongWithoutAStallIsReported() {
        assertEquals(1, contendedHold("Strategy.contendedSlow", false).size());
    }

    /** Acquired in a round, given up to a wait and taken back, then held past the threshold: its findings. */
    private List<Finding> resumedHold(String name, boolean stalled) {
        HoldClock.start(TICK_NS);
        Object lock = new Object();
        int s = site(name, 32);
        LockTracker.acquired(holder, lock, s);
        LockTracker.waitBegins(holder, lock, site(name, 38));
        long resumed = System.nanoTime();
        LockTracker.waitEnded(holder, lock, site(name, 38)); // the segment from here is timed exactly
        holdOnAndTick(resumed, stalled);
        LockTracker.releasing(holder, lock, site(name, 47));
        return holds(name);
    }

    /** Taken after waiting for another holder (timed exactly from the acquisition), then held past the threshold. */
    private List<Finding> contendedHold(String name, boolean stalled) {
        HoldClock.start(TICK_NS);
        Object lock = new Object();
        int s = site(name, 62);
        LockTracker.acquired(other, lock, s);
        LockTracker.requested(holder, lock, s); // held by the other: a wait, clocked
        LockTracker.releasing(other, lock, s);
        long acquired = System.nanoTime();
        LockTracker.acquired(holder, lock, s);
        holdOnAndTick(acquired, stalled);
        LockTracker.releasing(holder, lock, s);
        return holds(name);
    }

    /**
     * Holds on until the threshold and 10 ms have passed since {@code from}, then places the watchdog's rounds in
     * that time: one long round covering almost all of it (the JVM stalled), or rounds on time.
     */
    private static void holdOnAndTick(long from, boolean stalled) {
        while (System.nanoTime() - from < Tracking.holdThresholdNs + 10_000_000L) {
            Thread.onSpinWait(); // the hold must really last: no other thread is involved
        }
        long end = System.nanoTime();
        HoldClock.tickAt(from + TICK_NS);
        HoldClock.tickAt(stalled ? end - TICK_NS : from + 2 * TICK_NS);
        HoldClock.tickAt(stalled ? end : from + 3 * TICK_NS);
    }
}
