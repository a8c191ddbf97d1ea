package io.racewatch.locks;

import io.racewatch.order.SyncProbes;
import io.racewatch.order.SyncVar;
import io.racewatch.order.SyncVars;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.tasks.TaskRuns;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * What happens at each lock operation, for every kind of lock: happens-before, the locks a
 * thread holds, wait time (from request to acquisition, charged to the thread that held the
 * lock), hold time (from the outermost acquisition to the release; a {@code wait()} ends a
 * hold segment), long holds and lock-order edges. Called by {@link SyncProbes} inside its guard.
 */
public final class LockTracker {
    /** Where new lock-order edges and long holds go; plain: set once at start-up, before any application thread runs. */
    private static LockEvents events = LockEvents.NONE;

    private LockTracker() {
    }

    /** Sends new lock-order edges and long holds to {@code detectors} from now on. */
    /** Where lock events go now. */
    static LockEvents events() {
        return events;
    }

    public static void reportTo(LockEvents detectors) {
        events = detectors;
    }

    /** The thread asks for a lock: its wait starts now, blamed on whoever holds the lock. */
    public static void requested(ThreadState ts, Object lock, int site) {
        ts.requestSite = site;
        SyncVar var = SyncVars.of(ts, lock);
        LockProfile p = LockProfile.ofOrNull(var);
        String holder = p == null ? null : p.holderThread;
        if (holder != null && ts.locks.indexOf(var) < 0) {
            // Held by another thread: this is a wait, so it is worth a clock read.
            ts.requested = var;
            ts.requestedAt = System.nanoTime();
            ts.blockedByThread = holder;
            ts.blockedBySite = p.holderSite;
            Duties.lockWork();
        } else {
            ts.requested = null;
        }
    }

    /** Monitors and ReentrantLocks admit one holder: their var is only touched inside the lock, so it needs no lock of its own. */
    private static boolean exclusive(Object lock) {
        return lock instanceof ReentrantLock || !(lock instanceof Lock || lock instanceof StampedLock);
    }

    private static void acquireEdge(ThreadState ts, Object lock, SyncVar var) {
        if (orderedByJdk(lock)) {
            return;
        }
        if (exclusive(lock)) {
            var.acquireExclusive(ts);
        } else {
            var.acquire(ts);
        }
    }

    private static void releaseEdge(ThreadState ts, Object lock, SyncVar var) {
        if (orderedByJdk(lock)) {
            return;
        }
        if (exclusive(lock)) {
            var.releaseExclusive(ts);
        } else {
            var.release(ts);
        }
    }

    /** The JDK's AQS-based locks order from inside their synchronizer (io.racewatch.order): no edge here. */
    private static boolean orderedByJdk(Object lock) {
        return lock instanceof ReentrantLock || lock instanceof ReentrantReadWriteLock.ReadLock
            || lock instanceof ReentrantReadWriteLock.WriteLock;
    }

    /** An acquisition that blocked until it got the lock: a lock-order edge from every lock held. */
    public static void acquired(ThreadState ts, Object lock, int site) {
        acquired(ts, lock, site, true);
    }

    /**
     * An acquisition that could have given up ({@code tryLock}, timed or not): held like any
     * other, but no lock-order edge leads to it, since a thread that gives up cannot be part of
     * a deadlock. Edges from it to locks taken later while it is held still count.
     */
    public static void tried(ThreadState ts, Object lock, int site) {
        acquired(ts, lock, site, false);
    }

    private static void acquired(ThreadState ts, Object lock, int site, boolean couldBlock) {
        SyncVar var = SyncVars.of(ts, lock);
        int i = ts.locks.acquire(var);
        if (i < 0) {
            return; // reentrant: neither a new hold nor a new edge
        }
        if (i == 0) {
            Duties.lockWork(); // the first time, starts the watchdog: before the hold's clock starts
        }
        acquireEdge(ts, lock, var);
        if (ts.taskRun != null || ts.runningTask != null) {
            TaskRuns.touched(ts, "lock", site);
        }
        LockProfile p = LockProfile.of(var, lock, site);
        long now = System.nanoTime(); // after the bookkeeping: a first acquisition's set-up is not the application's hold
        if (ts.requested == var) {
            p.stats.waited(now - ts.requestedAt, ts.blockedByThread, ts.blockedBySite, site);
            ts.requested = null;
        }
        p.stats.acquired();
        String thread = Thread.currentThread().getName();
        p.holderThread = thread;
        p.holderSite = site;
        ts.locks.hold(i, now, site, p);
        if (i == 0) {
            if (!SamplingWindows.staging()) { // staging times holds on the light path (LightHolds)
                ts.holdingSince = now;
            }
        } else if (couldBlock) {
            newEdges(ts.locks, i, p, site, thread);
        }
    }

    /** Lock-order edges from every lock held to the one just taken; the detector sees only new ones. */
    private static void newEdges(HeldLocks locks, int taken, LockProfile p, int site, String thread) {
        boolean known = true;
        for (int k = 0; k < taken && known; k++) {
            LockProfile held = locks.profile(k);
            known = held == null || held.knowsOrderTo(p);
        }
        if (known) {
            return;
        }
        LockProfile[] held = new LockProfile[taken];
        int[] sites = new int[taken];
        for (int k = 0; k < taken; k++) {
            held[k] = locks.profile(k);
            sites[k] = locks.site(k);
        }
        events.nestedAcquire(held, sites, p, site, thread);
    }

    public static void releasing(ThreadState ts, Object lock, int site) {
        SyncVar var = SyncVars.of(ts, lock);
        int i = ts.locks.indexOf(var);
        if (i < 0) {
            if (SamplingWindows.staging()) {
                releaseEdge(ts, lock, var); // taken before this window: its release still orders
            }
            return;
        }
        long since = ts.locks.since(i);
        int acquiredAt = ts.locks.site(i);
        LockProfile p = ts.locks.profile(i);
        if (!ts.locks.release(i)) {
            return;
        }
        endSegment(ts, p, since, acquiredAt, site);
        if (!SamplingWindows.staging()) {
            ts.holdingSince = ts.locks.size() == 0 ? 0 : ts.locks.since(0);
        }
        releaseEdge(ts, lock, var);
    }

    /** Object.wait or Condition.await: the lock is given up until the wait ends. */
    public static void waitBegins(ThreadState ts, Object lock, int site) {
        SyncVar var = SyncVars.of(ts, lock);
        int i = ts.locks.indexOf(var);
        if (i >= 0 && ts.locks.since(i) > 0) {
            endSegment(ts, ts.locks.profile(i), ts.locks.since(i), ts.locks.site(i), site);
            ts.locks.restart(i, -1);
            if (i == 0 && !SamplingWindows.staging()) {
                ts.holdingSince = 0;
            }
        }
        var.release(ts);
    }

    public static void waitEnded(ThreadState ts, Object lock, int site) {
        SyncVar var = SyncVars.of(ts, lock);
        var.acquire(ts);
        int i = ts.locks.indexOf(var);
        if (i >= 0) {
            long now = System.nanoTime();
            ts.locks.restart(i, now);
            LockProfile p = ts.locks.profile(i);
            if (p != null) {
                p.holderThread = Thread.currentThread().getName();
                p.holderSite = ts.locks.site(i);
            }
            if (i == 0 && !SamplingWindows.staging()) {
                ts.holdingSince = now;
            }
        }
    }

    private static void endSegment(ThreadState ts, LockProfile p, long since, int acquiredAt, int releasedAt) {
        if (p == null || since <= 0) {
            return;
        }
        long hold = System.nanoTime() - since;
        p.holderThread = null;
        p.stats.released(hold);
        if (hold >= TestContext.holdThresholdNs(ts.context) && !SamplingWindows.staging()) {
            String[] sample = ts.sampleTakenAt >= since ? ts.holdSample : null;
            events.longHold(ts.tid, p, acquiredAt, releasedAt, hold, sample);
        }
    }
}
