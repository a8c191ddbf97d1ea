package io.racewatch.runtime;

import io.racewatch.detect.Detectors;
import io.racewatch.locks.Duties;
import io.racewatch.locks.HoldClock;
import io.racewatch.locks.HoldClockRounds;
import io.racewatch.locks.LightHolds;
import io.racewatch.locks.LockProbes;
import io.racewatch.report.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staging's light hold timing between windows, which runs without the probe guard: holds are
 * counted and timed as on the guarded path, a long one still reaches the report (through the
 * guarded path), a short one leaves nothing, and a thread inside a probe is left alone. Each
 * case runs on a fresh thread; the coarse clock is set by hand, so nothing sleeps.
 */
class LightHoldsBetweenWindowsTest {
    private static final TestSites SITES = new TestSites("com.acme.LightHolds", "LightHolds.java");

    @BeforeAll
    static void installDetectors() {
        Detectors.install();
        // The duties (the watchdog) start at the first lock work; unit tests run none, and an
        // acquisition takes the guarded path until they have started.
        if (!Duties.started()) {
            Duties.startWith(() -> { });
            Duties.needed();
        }
    }

    @BeforeEach
    void stagingBetweenWindows() {
        Tracking.enabled = true;
        SamplingWindows.startStaging(); // staging, window closed
    }

    @AfterEach
    void backToTestMode() {
        SamplingWindows.openWindow();
        SamplingWindows.staging = false;
        Tracking.enabled = false;
    }

    /** Runs {@code body} on a new thread whose state is registered first (as after its first probe), and waits for it. */
    private static void onNewThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                ThreadState.current();
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "light-holds");
        t.start();
        t.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void aMonitorHeldLongIsReportedAtItsRelease() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("monitor", 101);
        int giveBack = SITES.site("monitor", 102);
        long holdNs = Tracking.holdThresholdNs + 30_000_000L;
        onNewThread(() -> {
            assertTrue(LightHolds.betweenWindows());
            SamplingWindows.coarseNow = 2_000_000_000L;
            ThreadState ts = LockProbes.lockRequestedBy(lock, take);
            assertTrue(ts != null, "a registered thread between windows gets its state for the pair");
            LockProbes.lockAcquired(ts, lock, take);
            assertEquals(1, ts.lightDepth);
            assertEquals(2_000_000_000L, ts.holdingSince);
            SamplingWindows.coarseNow += holdNs;
            LockProbes.lockReleasing(ts, lock, giveBack);
            assertEquals(0, ts.lightDepth);
            assertEquals(0, ts.holdingSince);
        });
        List<Finding> held = SITES.findingsAt(101, 102);
        assertEquals(1, held.size(), held.toString());
        assertEquals("lock-hold", held.get(0).kind());
        assertTrue(held.get(0).message().contains("held for " + holdNs / 1_000_000 + " ms"), held.get(0).message());
    }

    @Test
    void aHoldLongOnlyBecauseTheJvmStalledIsNotReported() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("stalled", 301);
        int giveBack = SITES.site("stalled", 302);
        long began = 6_000_000_000L;
        long tick = 1_000_000L;
        try {
            onNewThread(() -> {
                SamplingWindows.coarseNow = began;
                HoldClockRounds.start(tick);
                HoldClockRounds.tickAt(began);
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take);
                HoldClockRounds.tickAt(began + tick);
                HoldClockRounds.tickAt(began + 2 * tick + Tracking.holdThresholdNs); // the watchdog ran that late
                HoldClockRounds.tickAt(began + 3 * tick + Tracking.holdThresholdNs);
                SamplingWindows.coarseNow = began + Tracking.holdThresholdNs + 30_000_000L;
                LockProbes.lockReleasing(ts, lock, giveBack);
                assertEquals(0, ts.holdingSince);
            });
        } finally {
            HoldClockRounds.stop();
        }
        assertEquals(List.of(), SITES.findingsAt(301, 302), "the stall is taken out: 30 ms of the holder's own");
    }

    @Test
    void aShortHoldLeavesNothing() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("brief", 201);
        int giveBack = SITES.site("brief", 202);
        onNewThread(() -> {
            SamplingWindows.coarseNow = 3_000_000_000L;
            LockProbes.lockRequested(lock, take);
            LockProbes.lockAcquired(lock, take);
            ThreadState ts = ThreadState.unguarded();
            assertEquals(1, ts.lightDepth);
            SamplingWindows.coarseNow += Tracking.holdThresholdNs - 1;
            LockProbes.lockReleasing(lock, giveBack);
            assertEquals(0, ts.lightDepth);
            assertNull(ts.lightLock, "no lock kept past its release");
        });
        assertEquals(List.of(), SITES.findingsAt(201, 202));
    }

    @Test
    void nestedHoldsAreTimedFromTheOutermost() throws InterruptedException {
        Object outer = new Object();
        Object inner = new java.util.concurrent.locks.ReentrantLock();
        int takeOuter = SITES.site("nested", 301);
        int takeInner = SITES.site("nested", 302);
        int releaseInner = SITES.site("nested", 303);
        int releaseOuter = SITES.site("nested", 304);
        long holdNs = Tracking.holdThresholdNs + 40_000_000L;
        onNewThread(() -> {
            SamplingWindows.coarseNow = 4_000_000_000L;
            ThreadState ts = LockProbes.lockRequestedBy(outer, takeOuter);
            LockProbes.lockAcquired(ts, outer, takeOuter);
            SamplingWindows.coarseNow += holdNs / 2;
            LockProbes.tryLockAcquired(true, inner, takeInner);
            LockProbes.lockReleasing(inner, releaseInner); // the inner hold is half as long: nothing yet
            assertEquals(1, ts.lightDepth);
            SamplingWindows.coarseNow += holdNs - holdNs / 2;
            LockProbes.lockReleasing(ts, outer, releaseOuter);
        });
        assertEquals(List.of(), SITES.findingsAt(302, 303));
        List<Finding> held = SITES.findingsAt(301, 304);
        assertEquals(1, held.size(), held.toString());
        assertTrue(held.get(0).message().contains("held for " + holdNs / 1_000_000 + " ms"), held.get(0).message());
    }

    @Test
    void aThreadInsideAProbeIsNotTimed() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("inProbe", 401);
        onNewThread(() -> {
            ThreadState ts = ThreadState.enterAlways(); // as racewatch's own work inside a probe
            assertTrue(ts != null);
            try {
                assertNull(ThreadState.unguarded());
                assertNull(LockProbes.lockRequestedBy(lock, take));
                LockProbes.lockAcquired(lock, take);
                assertEquals(0, ts.lightDepth, "racewatch's own lock is not the application's hold");
            } finally {
                ts.exit();
            }
        });
    }

    @Test
    void aReleaseOfALockTakenBeforeRacewatchSawTheThreadIsIgnored() throws InterruptedException {
        Object lock = new Object();
        int giveBack = SITES.site("unseen", 501);
        onNewThread(() -> {
            ThreadState ts = ThreadState.unguarded();
            assertTrue(LightHolds.releasingBetweenWindows(ts, lock, giveBack));
            assertEquals(0, ts.lightDepth);
        });
        assertFalse(LightHolds.releasingBetweenWindows(null, lock, giveBack), "no state: the guarded path registers the thread");
    }

    @Test
    void theHoldClocksTickIsTheCoarseClockAndAHoldAcrossALateRoundIsTimedFromTheNextRound() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("lateRound", 601);
        int giveBack = SITES.site("lateRound", 602);
        long tick = Tracking.holdThresholdNs / 10;
        long began = System.nanoTime() - 1_000_000_000L;
        long late = began + Tracking.holdThresholdNs + 20_000_000L;
        try {
            onNewThread(() -> {
                HoldClockRounds.start(tick);
                HoldClockRounds.tickAt(began);
                assertEquals(began, SamplingWindows.coarseNow, "the watchdog's tick is staging's coarse clock");
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take);
                assertEquals(began, ts.holdingSince);
                // The watchdog woke that late: the hold began anywhere between the two rounds' starts,
                // and its sample caught the holder asleep, so no stall is taken out of the hold.
                HoldClockRounds.tickAt(late);
                HoldClockRounds.sampledWaiting(ts);
                HoldClockRounds.tickAt(late + tick);
                LockProbes.lockReleasing(ts, lock, giveBack);
                assertEquals(0, ts.holdingSince);
            });
        } finally {
            HoldClockRounds.stop();
        }
        assertEquals(List.of(), SITES.findingsAt(601, 602), "timed from the late round's start: one tick");
    }

    @Test
    void aHoldAcrossRoundsOnTimeIsTimedFromItsRoundsStart() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("onTime", 701);
        int giveBack = SITES.site("onTime", 702);
        long tick = Tracking.holdThresholdNs / 10;
        long began = System.nanoTime() - 1_000_000_000L;
        int rounds = 13; // 1.3 thresholds
        try {
            onNewThread(() -> {
                HoldClockRounds.start(tick);
                HoldClockRounds.tickAt(began);
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take);
                for (int r = 1; r <= rounds; r++) {
                    HoldClockRounds.tickAt(began + r * tick);
                }
                LockProbes.lockReleasing(ts, lock, giveBack);
            });
        } finally {
            HoldClockRounds.stop();
        }
        List<Finding> held = SITES.findingsAt(701, 702);
        assertEquals(1, held.size(), held.toString());
        assertTrue(held.get(0).message().contains("held for " + rounds * tick / 1_000_000 + " ms"), held.get(0).message());
    }

    @Test
    void aHoldBeforeTheHoldClockRunsIsNotTimed() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("noClock", 801);
        int giveBack = SITES.site("noClock", 802);
        onNewThread(() -> {
            SamplingWindows.coarseNow = 0; // no watchdog yet: nothing has ticked
            ThreadState ts = LockProbes.lockRequestedBy(lock, take);
            LockProbes.lockAcquired(ts, lock, take);
            assertEquals(0, ts.holdingSince);
            SamplingWindows.coarseNow = System.nanoTime(); // the clock starts during the hold
            LockProbes.lockReleasing(ts, lock, giveBack);
        });
        assertEquals(List.of(), SITES.findingsAt(801, 802), "an untimed hold is never long");
    }

    @Test
    void aHoldThatStartsWhileTheClockSleepsWakesItAndIsTimed() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("asleep", 901);
        int giveBack = SITES.site("asleep", 902);
        long tick = Tracking.holdThresholdNs / 10;
        int rounds = 13;
        try {
            onNewThread(() -> {
                HoldClockRounds.start(tick);
                assertTrue(HoldClock.fallAsleep());
                assertEquals(HoldClock.ASLEEP, SamplingWindows.coarseNow);
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take); // takes the guarded path, which wakes the clock
                assertFalse(HoldClock.asleep());
                long since = ts.holdingSince;
                assertTrue(since > 0, "timed from the round its acquisition began");
                assertEquals(since, SamplingWindows.coarseNow);
                for (int r = 1; r <= rounds; r++) {
                    HoldClockRounds.tickAt(since + r * tick);
                }
                LockProbes.lockReleasing(ts, lock, giveBack);
            });
        } finally {
            HoldClockRounds.stop();
        }
        List<Finding> held = SITES.findingsAt(901, 902);
        assertEquals(1, held.size(), held.toString());
        assertTrue(held.get(0).message().contains("held for " + rounds * tick / 1_000_000 + " ms"), held.get(0).message());
    }

    @Test
    void aHoldBegunAsTheClockFellAsleepIsTimedExactlyAtItsRelease() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("raced", 1001);
        int giveBack = SITES.site("raced", 1002);
        long tick = Tracking.holdThresholdNs / 10;
        long began = System.nanoTime() - Tracking.holdThresholdNs - 30_000_000L;
        try {
            onNewThread(() -> {
                HoldClockRounds.start(tick);
                HoldClockRounds.tickAt(began);
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take); // read the round just before the watchdog's look found nothing
                assertEquals(began, ts.holdingSince);
                assertTrue(HoldClock.fallAsleep());
                LockProbes.lockReleasing(ts, lock, giveBack); // no tick since: the release reads the time itself
                assertEquals(0, ts.holdingSince);
            });
        } finally {
            HoldClockRounds.stop();
        }
        List<Finding> held = SITES.findingsAt(1001, 1002);
        assertEquals(1, held.size(), "a hold across the clock's sleep is long by its own time");
        java.util.regex.Matcher ms = java.util.regex.Pattern.compile("held for (-?\\d+) ms").matcher(held.get(0).message());
        assertTrue(ms.find(), held.get(0).message());
        long heldMs = Long.parseLong(ms.group(1));
        assertTrue(heldMs >= (Tracking.holdThresholdNs + 30_000_000L) / 1_000_000 && heldMs < 3_600_000L,
            "timed by the clock read at its release, not by the asleep value: " + held.get(0).message());
    }

    @Test
    void theAcquisitionThatFindsTheClockAsleepUnparksTheWatchdog() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("wakes", 1101);
        int giveBack = SITES.site("wakes", 1102);
        CountDownLatch asleep = new CountDownLatch(1);
        Thread watchdog = new Thread(() -> {
            HoldClockRounds.start(Tracking.holdThresholdNs / 10);
            HoldClock.fallAsleep();
            asleep.countDown();
            while (HoldClock.asleep()) {
                LockSupport.park(); // as the watchdog parks between its duties
            }
        }, "sleeping-watchdog");
        try {
            watchdog.start();
            asleep.await();
            onNewThread(() -> {
                ThreadState ts = LockProbes.lockRequestedBy(lock, take);
                LockProbes.lockAcquired(ts, lock, take);
                LockProbes.lockReleasing(ts, lock, giveBack);
            });
            watchdog.join(60_000); // a hang guard only: the unpark lets it go at once
            assertFalse(watchdog.isAlive(), "woken by the acquisition");
        } finally {
            HoldClockRounds.stop();
            LockSupport.unpark(watchdog);
        }
    }
}
