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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds timed by the watchdog's rounds, with the rounds ticked by hand (no watchdog runs in a
 * unit test): a hold within one round is not timed, one that spans rounds is timed from the
 * start of its first round (never under its length), and a late round never makes a short hold
 * look long. The sleeps only make holds and rounds long; no assertion depends on how long.
 */
class HoldClockTest {
    private static final long TICK_NS = 1_000_000L; // the default 100 ms threshold is a hundred ticks

    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    @AfterEach
    void stopClock() {
        HoldClock.stop();
    }

    private final ThreadState holder = new ThreadState(7, 1, VectorClocks.EMPTY);

    private static int site(String field, int line) {
        return Sites.register("com.acme.Vault", "work", "Vault.java", line, field);
    }

    private static LockStats.Snapshot stats(String name) {
        return LockStats.all().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow().snapshot();
    }

    private static List<Finding> holds(String name) {
        return Findings.all().stream().filter(f -> f.kind().equals("lock-hold") && f.resource().name().equals(name)).toList();
    }

    @Test
    void aHoldWithinOneRoundIsCountedNotTimed() throws Exception {
        HoldClock.start(TICK_NS);
        Object lock = new Object();
        int s = site("Vault.quick", 10);
        LockTracker.acquired(holder, lock, s);
        Thread.sleep(20); // long, but no round began meanwhile: it cannot be told from a short hold
        LockTracker.releasing(holder, lock, s);
        LockStats.Snapshot snap = stats("Vault.quick");
        assertEquals(1, snap.holds());
        assertTrue(snap.holdMaxNs() < 2_000, "counted among the short holds: " + snap);
    }

    @Test
    void aHoldPastTheThresholdAcrossRoundsIsReported() throws Exception {
        HoldClock.start(TICK_NS);
        Object lock = new Object();
        int s = site("Vault.slow", 20);
        LockTracker.acquired(holder, lock, s);
        HoldClock.tick();
        long sleptNs = Tracking.holdThresholdNs + 5_000_000L;
        Thread.sleep(sleptNs / 1_000_000L);
        HoldClock.tick();
        LockTracker.releasing(holder, lock, s);
        assertEquals(1, holds("Vault.slow").size(), "timed from its first round's start: never under its length");
        assertTrue(stats("Vault.slow").holdMaxNs() >= sleptNs * 0.99, "HdrHistogram keeps 2 digits: " + stats("Vault.slow"));
    }

    @Test
    void aLateRoundDoesNotMakeAShortHoldLong() throws Exception {
        HoldClock.start(TICK_NS);
        Thread.sleep(Tracking.holdThresholdNs / 1_000_000L + 50); // the watchdog is late: its round runs on
        Object lock = new Object();
        int s = site("Vault.late", 30);
        LockTracker.acquired(holder, lock, s); // in that long round
        HoldClock.tick(); // the late tick
        LockTracker.releasing(holder, lock, s);
        assertEquals(List.of(), holds("Vault.late"), "timed from the late tick, not from the long round's start");
        assertTrue(stats("Vault.late").holdMaxNs() < Tracking.holdThresholdNs, stats("Vault.late").toString());
    }

    @Test
    void aHoldBeforeTheClockRunsIsTimedExactly() throws Exception {
        Object lock = new Object();
        int s = site("Vault.early", 40);
        LockTracker.acquired(holder, lock, s);
        long sleptNs = Tracking.holdThresholdNs + 5_000_000L;
        Thread.sleep(sleptNs / 1_000_000L);
        LockTracker.releasing(holder, lock, s);
        assertEquals(1, holds("Vault.early").size());
    }
}
