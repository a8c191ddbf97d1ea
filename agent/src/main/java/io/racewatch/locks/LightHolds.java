package io.racewatch.locks;

import io.racewatch.order.SyncVars;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

/**
 * Staging mode's lock-hold timing, on at all times, in and out of sampling windows: a per-thread
 * count of locks held and the start of the outermost hold, read from a coarse clock that the
 * watchdog ticks every tenth of the hold threshold ({@link HoldClock}), so an acquisition costs no
 * clock call and no table look-up. Until the watchdog's clock runs (it starts at the first lock
 * work, before that work reads the clock) the clock reads 0 and a hold is not timed. A hold at least the threshold long is reported at its release (its length
 * exact to a tick); the watchdog's stack samples use the same start. The full lock tracking
 * (waits, per-lock statistics, lock-order, happens-before) runs only inside windows.
 *
 * <p>Between windows an acquisition and a release are timed without the probe guard
 * ({@link #acquiredBetweenWindows}, {@link #releasingBetweenWindows}): they write this thread's
 * own fields and call nothing, so there is nothing to guard, and they are not counted in the
 * overhead budget either (lowering the sampling share would not make them cheaper). What does
 * call out, starting the duties and reporting a long hold, takes the guarded path.
 */
public final class LightHolds {
    private LightHolds() {
    }

    public static void acquired(ThreadState ts, Object lock, int site) {
        if (ts.lightDepth++ == 0) {
            Duties.lockWork();
            ts.lightLock = lock;
            ts.lightSite = site;
            ts.holdingSince = holdStarts();
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
            ts.holdingSince = holdStarts();
        }
    }

    /** True in staging mode between sampling windows, where lock probes need only the light timing. */
    public static boolean betweenWindows() {
        return SamplingWindows.staging() && !SamplingWindows.open();
    }

    /**
     * {@link #acquired} between windows, for a thread whose probes may record ({@code ts}, from
     * {@link ThreadState#unguarded()}; null: false). False, with nothing changed, when the call
     * needs the guarded path: no thread state yet, the duties not yet started, or the hold clock asleep.
     */
    public static boolean acquiredBetweenWindows(ThreadState ts, Object lock, int site) {
        if (ts == null) {
            return false;
        }
        int depth = ts.lightDepth;
        if (depth == 0) {
            if (!Duties.started()) {
                return false;
            }
            long now = SamplingWindows.coarseNow; // after started(): the clock runs by then
            if (now == HoldClock.ASLEEP) {
                return false; // the guarded path wakes it (HoldClock.awake)
            }
            ts.lightLock = lock;
            ts.lightSite = site;
            ts.holdingSince = now;
        }
        ts.lightDepth = depth + 1;
        return true;
    }

    /**
     * {@link #releasing} between windows, as {@link #acquiredBetweenWindows}: false, with nothing
     * changed, when the release ends a hold long enough to report (the guarded path reports it).
     */
    public static boolean releasingBetweenWindows(ThreadState ts, Object lock, int site) {
        if (ts == null) {
            return false;
        }
        int depth = ts.lightDepth;
        if (depth == 1) {
            long since = ts.holdingSince;
            long now = SamplingWindows.coarseNow;
            // The clock asleep under a hold: the hold raced with its falling asleep and is timed exactly (guarded path).
            if (since != 0 && (now == HoldClock.ASLEEP || now - since >= TestContext.holdThresholdNs(ts.context))) {
                return false;
            }
            ts.holdingSince = 0;
            ts.lightLock = null;
        }
        if (depth > 0) {
            ts.lightDepth = depth - 1;
        }
        return true;
    }

    /** The start of a hold beginning now: the coarse clock, woken first if it sleeps (HoldClock). */
    private static long holdStarts() {
        long now = SamplingWindows.coarseNow;
        return now != HoldClock.ASLEEP ? now : HoldClock.awake();
    }

    private static void endSegment(ThreadState ts, int releasedAt) {
        long since = ts.holdingSince;
        ts.holdingSince = 0;
        if (since == 0) {
            return;
        }
        // Timed from its round's start, or from the next round's when that one began late: the clock's
        // thread woke late, so the hold may have begun anywhere in the long round (HoldClock.startEstimateAt).
        long from = HoldClock.startEstimateAt(since);
        long hold = HoldClock.now() - from;
        long threshold = TestContext.holdThresholdNs(ts.context);
        // Long only because the JVM stood still (a collection, a starved host) is not the holder's doing (HoldClock),
        // unless the holder was seen waiting on something else (HoldSampler.stalledPart).
        if (hold >= threshold && ts.lightLock != null && hold - HoldSampler.stalledPart(ts, since, from, from + hold) >= threshold) {
            String[] sample = ts.sampleTakenAt >= since ? ts.holdSample : null;
            LockProfile p = LockProfile.of(SyncVars.of(ts, ts.lightLock), ts.lightLock, ts.lightSite);
            LockTracker.events().longHold(ts.tid, p, ts.lightSite, releasedAt, hold, sample);
        }
    }
}
