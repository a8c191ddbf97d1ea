package io.racewatch.locks;

import io.racewatch.order.SyncProbes;
import io.racewatch.order.SyncProbes.Step;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;

/**
 * Probes inserted around lock and monitor calls: hold timing, lock order and deadlock tracking
 * ({@link LockTracker}), plus the light hold timing of staging mode ({@link LightHolds}). The
 * tracker records the happens-before edge of each acquisition and release too. Called from
 * rewritten bytecode only; none throws.
 */
public final class LockProbes {
    private LockProbes() {
    }

    /** Before monitorenter and Lock.lock: the wait starts. */
    public static void lockRequested(Object lock, int site) {
        guardedLock(lock, site, LockTracker::requested, null, "lock probe");
    }

    public static void lockAcquired(Object lock, int site) {
        guardedLock(lock, site, LockTracker::acquired, LightHolds::acquired, "lock probe");
    }

    /** After {@code tryLock}: held when it returned true, and no lock-order edge leads to it (it could give up). */
    public static void tryLockAcquired(boolean acquired, Object lock, int site) {
        if (acquired) {
            guardedLock(lock, site, LockTracker::tried, LightHolds::acquired, "lock probe");
        }
    }

    /** StampedLock's blocking acquisitions: a zero stamp means the lock was not acquired. */
    public static void stampAcquired(long stamp, Object lock, int site) {
        if (stamp != 0L) {
            lockAcquired(lock, site);
        }
    }

    /** StampedLock's {@code tryWriteLock}/{@code tryReadLock}: as {@link #tryLockAcquired}, with a stamp. */
    public static void tryStampAcquired(long stamp, Object lock, int site) {
        if (stamp != 0L) {
            guardedLock(lock, site, LockTracker::tried, LightHolds::acquired, "lock probe");
        }
    }

    public static void lockReleasing(Object lock, int site) {
        guardedLock(lock, site, LockTracker::releasing, LightHolds::releasing, "unlock probe");
    }

    /** Object.wait and Condition.await give the lock up while waiting. */
    public static void waitBegins(Object lock, int site) {
        guardedLock(lock, site, LockTracker::waitBegins, LightHolds::waitBegins, "wait probe");
    }

    /** The wait is over and the lock held again. */
    public static void waitEnded(Object lock, int site) {
        guardedLock(lock, site, LockTracker::waitEnded, LightHolds::waitEnded, "wait probe");
    }

    /**
     * {@link SyncProbes#guarded} for lock probes, which see every call in staging mode too: the light hold
     * timing ({@code light}) always, the full tracking ({@code full}) inside sampling windows only.
     */
    private static void guardedLock(Object target, int site, Step full, Step light, String where) {
        if (target == null) {
            return;
        }
        ThreadState ts = ThreadState.enterAlways();
        if (ts == null) {
            return;
        }
        try {
            if (SamplingWindows.staging()) {
                if (light != null) {
                    light.run(ts, target, site);
                }
                if (!ts.inWindow()) {
                    return;
                }
            }
            full.run(ts, target, site);
        } catch (Throwable failure) {
            Faults.report(where, failure);
        } finally {
            ts.exit();
        }
    }
}
