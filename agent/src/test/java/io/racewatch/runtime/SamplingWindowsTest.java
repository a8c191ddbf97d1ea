package io.racewatch.runtime;

import io.racewatch.detect.Detectors;
import io.racewatch.maps.MapProbes;
import io.racewatch.locks.LockProbes;
import io.racewatch.report.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staging mode's sampling windows, driven by hand on two real threads whose order is forced by
 * a latch: an edge skipped between windows never becomes a race, a race inside one window is
 * still found, and a long hold is caught outside any window (the coarse clock is set by hand).
 */
class SamplingWindowsTest {
    private static final TestSites SITES = new TestSites("com.acme.Windows", "Windows.java");

    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    @BeforeEach
    void staging() {
        Tracking.enabled = true;
        SamplingWindows.staging = true;
    }

    @AfterEach
    void backToTestMode() {
        SamplingWindows.openWindow();
        SamplingWindows.staging = false;
        Tracking.enabled = false;
    }

    /** Runs {@code first} on one thread, then {@code second} on another, the second starting when the first is done. */
    private static void inTurn(Runnable first, Runnable second) throws InterruptedException {
        CountDownLatch firstDone = new CountDownLatch(1);
        Thread a = new Thread(() -> {
            first.run();
            firstDone.countDown();
        }, "first");
        Thread b = new Thread(() -> {
            try {
                firstDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            second.run();
        }, "second");
        a.start();
        b.start();
        a.join();
        b.join();
    }

    @Test
    void writesOrderedByALockWhoseEdgeFellBetweenWindowsAreNotARace() throws InterruptedException {
        Map<String, Integer> map = new HashMap<>();
        Object lock = new Object();
        int lockA = SITES.site("first", 101);
        int putA = SITES.site("first", 102);
        int lockB = SITES.site("second", 103);
        int putB = SITES.site("second", 104);
        SamplingWindows.openWindow();
        inTurn(() -> {
            synchronized (lock) {
                LockProbes.lockAcquired(lock, lockA);
                MapProbes.put(map, "k", 1, putA);
                SamplingWindows.closeWindow(); // the release below is not recorded
                LockProbes.lockReleasing(lock, lockA);
            }
        }, () -> {
            synchronized (lock) {
                LockProbes.lockAcquired(lock, lockB); // not recorded either
                SamplingWindows.openWindow();
                MapProbes.put(map, "k", 2, putB);
                LockProbes.lockReleasing(lock, lockB);
            }
        });
        assertEquals(List.of(), SITES.findingsAt(102, 104), "the first write belongs to an earlier window");
    }

    @Test
    void unorderedWritesInOneWindowAreStillFound() throws InterruptedException {
        Map<String, Integer> map = new HashMap<>();
        int putA = SITES.site("first", 201);
        int putB = SITES.site("second", 202);
        SamplingWindows.openWindow();
        inTurn(() -> {
            MapProbes.put(map, "k", 1, putA);
        }, () -> {
            MapProbes.put(map, "k", 2, putB);
        });
        // The latch orders the two threads, but racewatch does not see it (no probe on it): unordered.
        List<Finding> found = SITES.findingsAt(201, 202);
        assertEquals(1, found.size(), found.toString());
        assertEquals("map-unsafe", found.get(0).kind());
    }

    @Test
    void betweenWindowsMapProbesRecordNothing() throws InterruptedException {
        Map<String, Integer> map = new HashMap<>();
        int putA = SITES.site("first", 301);
        int putB = SITES.site("second", 302);
        SamplingWindows.closeWindow();
        inTurn(() -> MapProbes.put(map, "k", 1, putA), () -> MapProbes.put(map, "k", 2, putB));
        assertEquals(List.of(), SITES.findingsAt(301, 302));
    }

    @Test
    void aLongHoldIsCaughtOutsideAnyWindow() throws InterruptedException {
        Object lock = new Object();
        int take = SITES.site("hold", 401);
        int giveBack = SITES.site("hold", 402);
        int shortTake = SITES.site("brief", 403);
        int shortGiveBack = SITES.site("brief", 404);
        SamplingWindows.closeWindow();
        long holdNs = Tracking.holdThresholdNs + 50_000_000L;
        inTurn(() -> {
            SamplingWindows.coarseNow = 1_000_000_000L;
            LockProbes.lockAcquired(lock, take);
            SamplingWindows.coarseNow += holdNs; // the sampler's clock moved on while the lock was held
            LockProbes.lockReleasing(lock, giveBack);
        }, () -> {
            LockProbes.lockAcquired(lock, shortTake);
            LockProbes.lockReleasing(lock, shortGiveBack);
        });
        List<Finding> held = SITES.findingsAt(401, 402);
        assertEquals(1, held.size(), held.toString());
        assertEquals("lock-hold", held.get(0).kind());
        assertTrue(held.get(0).message().contains("held for " + holdNs / 1_000_000 + " ms"), held.get(0).message());
        assertEquals(List.of(), SITES.findingsAt(403, 404), "a hold within one tick is short");
    }
}
