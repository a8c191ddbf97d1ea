package io.racewatch.locks;

import io.racewatch.order.SyncVars;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

/**
 * Staging mode's lock-hold timing, on at all times, in and out of sampling windows: a per-thread
 * count of locks held and the start of the outermost hold, read from a coarse clock that the
 * sampler thread ticks every few milliseconds, so an acquisition costs no clock call and no
 * table look-up. A hold at least the threshold long is reported at its release (its length
 * exact to a tick); the watchdog's stack samples use the same start. The full lock tracking
 * (waits, per-lock statistics, lock-order, happens-before) runs only inside windows.
 */
public final class LightHolds {
    private LightHolds() {
    }

    public static void acquired(ThreadState ts, Object lock, int site) {
        if (ts.lightDepth++ == 0) {
            Duties.lockWork();
            ts.lightLock = lock;
            ts.lightSite = site;
            ts.holdingSince = SamplingWindows.coarseNow;
        }
    }

    public static void releasing(ThreadState ts, Object lock, int site) {
        if (ts.lightDepth == 0) {
            return; // taken before racewatch saw this thread
        }
        if (--ts.lightDepth == 0) {
            endSegment(ts, site);
            ts.lightLock = null;
        }
    }

    /** A wait gives the lock up: the hold so far ends, and a new one starts when the wait does. */
    public static void waitBegins(ThreadState ts, Object lock, int site) {
        if (ts.lightDepth > 0) {
            endSegment(ts, site);
        }
    }

    public static void waitEnded(ThreadState ts, Object lock, int site) {
        if (ts.lightDepth > 0) {
            ts.holdingSince = SamplingWindows.coarseNow;
        }
    }

    private static void endSegment(ThreadState ts, int releasedAt) {
        long since = ts.holdingSince;
        ts.holdingSince = 0;
        if (since == 0) {
            return;
        }
        long hold = SamplingWindows.coarseNow - since;
        if (hold >= TestContext.holdThresholdNs(ts.context) && ts.lightLock != null) {
            String[] sample = ts.sampleTakenAt >= since ? ts.holdSample : null;
            LockProfile p = LockProfile.of(SyncVars.of(ts, ts.lightLock), ts.lightLock, ts.lightSite);
            LockTracker.events().longHold(ts.tid, p, ts.lightSite, releasedAt, hold, sample);
        }
    }
}
