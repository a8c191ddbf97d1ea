package io.racewatch.locks;

import io.racewatch.detect.Detectors;
import io.racewatch.order.VectorClocks;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds timed by the watchdog's rounds, with the rounds ticked by hand (no watchdog runs in a
 * unit test): a hold within one round is not timed, one that spans rounds is timed from the
 * start of its first round (never under its length), and a late round never makes a short hold
 * look long. Rounds are placed in the past ({@link HoldClock#tickAt}) to make holds and rounds
 * long; only a hold timed exactly, with no clock running, needs real time to pass.
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

    /** The holder is driven on the test's thread without being registered: it adds its own acquisition count first. */
    private LockStats.Snapshot stats(String name) {
        holder.locks.flushCounts();
        return LockStats.all().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow().snapshot();
    }

    private static List<Finding> holds(String name) {
        return Findings.all().stream().filter(f -> f.kind().equals("lock-hold") && f.resource().name().equals(name)).toList();
    }

    @Test
    void aHoldWithinOneRoundIsCountedNotTimed() throws Exception {
        HoldClock.start(TICK_NS);
        HoldClock.tickAt(System.nanoTime() - 20_000_000L); // a round begun 20 ms ago, still running
        Object lock = new Object();
        int s = site("Vault.quick", 10);
        LockTracker.acquired(holder, lock, s);
        LockTracker.releasing(holder, lock, s); // no round began meanwhile: not timed from the round's start
        LockStats.Snapshot snap = stats("Vault.quick");
        assertEquals(1, snap.holds());
        assertTrue(snap.holdMaxNs() < 2_000, "counted among the short holds: " + snap);
    }

    @Test
    void aHoldPastTheThresholdAcrossRoundsIsReported() throws Exception {
        HoldClock.start(TICK_NS);
        long sleptNs = Tracking.holdThresholdNs + 5_000_000L;
        long began = System.nanoTime() - sleptNs;
        HoldClock.tickAt(began); // the hold's round began that long ago
        Object lock = new Object();
        int s = site("Vault.slow", 20);
        LockTracker.acquired(holder, lock, s);
        HoldClock.tickAt(began + TICK_NS); // and the next one on time
        LockTracker.releasing(holder, lock, s);
        assertEquals(1, holds("Vault.slow").size(), "timed from its first round's start: never under its length");
        assertTrue(stats("Vault.slow").holdMaxNs() >= sleptNs * 0.99, "HdrHistogram keeps 2 digits: " + stats("Vault.slow"));
    }

    @Test
    void aLateRoundDoesNotMakeAShortHoldLong() throws Exception {
        HoldClock.start(TICK_NS);
        HoldClock.tickAt(System.nanoTime() - Tracking.holdThresholdNs - 50_000_000L); // the watchdog is late: its round runs on
        Object lock = new Object();
        int s = site("Vault.late", 30);
        LockTracker.acquired(holder, lock, s); // in that long round
        HoldClock.tick(); // the late tick
        LockTracker.releasing(holder, lock, s);
        assertEquals(List.of(), holds("Vault.late"), "timed from the late tick, not from the long round's start");
        assertTrue(stats("Vault.late").holdMaxNs() < Tracking.holdThresholdNs, stats("Vault.late").toString());
    }

    @Test
    void aHoldLongOnlyBecauseTheJvmStalledIsNotReported() throws Exception {
        assertEquals(List.of(), holdAcrossAStall("Vault.stalled", 50, Tracking.holdThresholdNs - TICK_NS),
            "the watchdog's late round (a collection, an overloaded host) is taken out of the hold");
        assertTrue(stats("Vault.stalled").holdMaxNs() >= Tracking.holdThresholdNs, "the statistics keep the whole hold");
    }

    @Test
    void aHoldLongWithoutTheStallIsReported() throws Exception {
        assertEquals(1, holdAcrossAStall("Vault.slowAndStalled", 50, 20_000_000L).size(),
            "a 20 ms stall leaves more than the threshold");
    }

    @Test
    void aHoldLongOnlyBecauseOfAStallIsReportedWhenItsSampleCaughtTheHolderWaiting() throws Exception {
        StackTraceElement[] socketRead = {
            new StackTraceElement("sun.nio.ch.Net", "poll", null, -2), // -2: a native method
            new StackTraceElement("com.acme.Vault", "fetch", "Vault.java", 61)};
        assertEquals(1, holdAcrossAStall("Vault.waitingAndStalled", 50, Tracking.holdThresholdNs - TICK_NS,
            () -> HoldSampler.noteSample(holder, holder.holdingSince, socketRead, Thread.State.RUNNABLE)).size(),
            "a holder in a socket read would have waited as long on an idle host: the stall explains nothing");
        StackTraceElement[] sleeping = {new StackTraceElement("com.acme.Vault", "backOff", "Vault.java", 70)};
        assertEquals(1, holdAcrossAStall("Vault.sleepingAndStalled", 50, Tracking.holdThresholdNs - TICK_NS,
            () -> HoldSampler.noteSample(holder, holder.holdingSince, sleeping, Thread.State.TIMED_WAITING)).size());
        StackTraceElement[] running = {new StackTraceElement("com.acme.Vault", "sum", "Vault.java", 80)};
        assertEquals(List.of(), holdAcrossAStall("Vault.runningAndStalled", 50, Tracking.holdThresholdNs - TICK_NS,
            () -> HoldSampler.noteSample(holder, holder.holdingSince, running, Thread.State.RUNNABLE)),
            "a holder caught running Java code stood still with the JVM");
    }

    @Test
    void aHoldTimedExactlyUnderAPerTestThresholdKeepsAStall() throws Exception {
        holder.context = new TestContext("t", "Vault.exactly()", 5); // under ten ticks: timed exactly
        try {
            HoldClock.start(TICK_NS);
            Object lock = new Object();
            int s = site("Vault.exactly", 60);
            LockTracker.acquired(holder, lock, s);
            long began = System.nanoTime();
            while (System.nanoTime() - began < 20_000_000L) {
                Thread.onSpinWait(); // a 20 ms hold, no other thread involved
            }
            HoldClock.tickAt(began + 19_000_000L); // the watchdog's round ran 19 ticks late during the hold
            LockTracker.releasing(holder, lock, s);
        } finally {
            holder.context = null;
        }
        assertEquals(1, holds("Vault.exactly").size(), "a hold timed exactly is compared with the threshold as measured");
    }

    private List<Finding> holdAcrossAStall(String name, long overMs, long stallNs) {
        return holdAcrossAStall(name, overMs, stallNs, () -> { });
    }

    /**
     * A hold of the threshold and {@code overMs} begun in an on-time round, across a round that began {@code stallNs}
     * late, with {@code duringHold} run after the first round (a watchdog's sample); returns its findings.
     */
    private List<Finding> holdAcrossAStall(String name, long overMs, long stallNs, Runnable duringHold) {
        HoldClock.start(TICK_NS);
        long began = System.nanoTime() - Tracking.holdThresholdNs - overMs * 1_000_000L;
        HoldClock.tickAt(began);
        Object lock = new Object();
        int s = site(name, 50);
        LockTracker.acquired(holder, lock, s);
        HoldClock.tickAt(began + TICK_NS);
        duringHold.run();
        HoldClock.tickAt(began + 2 * TICK_NS + stallNs); // the watchdog ran late
        HoldClock.tickAt(began + 3 * TICK_NS + stallNs);
        LockTracker.releasing(holder, lock, s);
        return holds(name);
    }

    @Test
    void racewatchsOwnWorkOnANewLockOrderIsNotPartOfTheHolds() throws Exception {
        LockEvents detectors = LockTracker.events();
        LockTracker.reportTo(new LockEvents() { // the detectors take longer than the threshold over a new order
            @Override
            public void nestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site, String thread) {
                long until = System.nanoTime() + Tracking.holdThresholdNs + 20_000_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // time must pass; no other thread is involved
                }
                detectors.nestedAcquire(held, heldSites, kept, taken, site, thread);
            }

            @Override
            public void heldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread,
                                  List<OrderNode> gates, String[] stack) {
                detectors.heldOrder(held, heldSite, taken, site, thread, gates, stack);
            }

            @Override
            public void longHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample) {
                detectors.longHold(tid, lock, acquireSite, releaseSite, holdNs, sample);
            }
        });
        try {
            Object outer = new Object();
            Object inner = new Object();
            int o = site("Vault.outer", 90);
            int i = site("Vault.inner", 91);
            LockTracker.acquired(holder, outer, o);
            LockTracker.acquired(holder, inner, i); // a new order: recorded, slowly
            LockTracker.releasing(holder, inner, i);
            LockTracker.releasing(holder, outer, o);
        } finally {
            LockTracker.reportTo(detectors);
        }
        assertEquals(List.of(), holds("Vault.outer"), "the order's bookkeeping is racewatch's time, not the outer hold's");
        assertEquals(List.of(), holds("Vault.inner"), "nor the inner one's");
    }

    @Test
    void aHoldBeforeTheClockRunsIsTimedExactly() throws Exception {
        Object lock = new Object();
        int s = site("Vault.early", 40);
        LockTracker.acquired(holder, lock, s);
        long sleptNs = Tracking.holdThresholdNs + 5_000_000L;
        Thread.sleep(sleptNs / 1_000_000L); // no clock runs: the hold is timed by System.nanoTime, so real time must pass
        LockTracker.releasing(holder, lock, s);
        assertEquals(1, holds("Vault.early").size());
    }

    @Test
    void aHoldThatReadTheRoundBeforeTheClockFellAsleepIsTimedAtItsReleaseWhileItSleeps() throws Exception {
        HoldClock.start(TICK_NS);
        long began = System.nanoTime() - Tracking.holdThresholdNs - 5_000_000L;
        HoldClock.tickAt(began);
        Object lock = new Object();
        int s = site("Vault.raced", 70);
        LockTracker.acquired(holder, lock, s); // read the round, then the watchdog looked before it noted the hold
        assertTrue(HoldClock.fallAsleep());
        LockTracker.releasing(holder, lock, s); // still the same round, but no tick came for the sleep: timed
        assertEquals(1, holds("Vault.raced").size(), "never counted short because no round followed it");
    }

    @Test
    void aHoldAcrossTheClocksSleepIsTimedInFullOnceItWakes() throws Exception {
        HoldClock.start(TICK_NS);
        long began = System.nanoTime() - Tracking.holdThresholdNs - 5_000_000L;
        HoldClock.tickAt(began);
        Object lock = new Object();
        int s = site("Vault.slept", 80);
        LockTracker.acquired(holder, lock, s);
        assertTrue(HoldClock.fallAsleep());
        HoldClock.awake(); // the watchdog's next look found the hold: a round begins now, long after the last
        assertFalse(HoldClock.asleep());
        HoldClock.tick();
        LockTracker.releasing(holder, lock, s);
        assertEquals(1, holds("Vault.slept").size(),
            "the round that ended in the sleep is neither a late tick nor a stall: the hold is timed from its start");
    }

    @Test
    void aTrackedAcquisitionWakesTheSleepingClock() throws Exception {
        HoldClock.start(TICK_NS);
        long before = System.nanoTime();
        assertTrue(HoldClock.fallAsleep());
        assertFalse(HoldClock.fallAsleep(), "asleep already");
        Object lock = new Object();
        int s = site("Vault.wakes", 90);
        LockTracker.acquired(holder, lock, s);
        assertFalse(HoldClock.asleep());
        assertTrue(holder.locks.since(0) >= before, "timed from a round begun as it woke");
        LockTracker.releasing(holder, lock, s);
    }
}
