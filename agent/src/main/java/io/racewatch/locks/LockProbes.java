package io.racewatch.locks;

import io.racewatch.order.SyncProbes;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;
import jdk.internal.vm.annotation.DontInline;

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
        lockEvent(lock, site, REQUESTED, "lock probe");
    }

    public static void lockAcquired(Object lock, int site) {
        lockEvent(lock, site, ACQUIRED, "lock probe");
    }

    /**
     * {@link #lockRequested}, returning the current thread's state for the {@link #lockAcquired(ThreadState, Object, int)}
     * right after the same acquisition: rewritten code keeps it on the operand stack across the
     * {@code monitorenter} or {@code lock()}, so the pair looks the thread up once. Null when
     * this thread's probes may not record (the acquisition is then not recorded either).
     */
    public static ThreadState lockRequestedBy(Object lock, int site) {
        if (lock == null) {
            return null;
        }
        if (LightHolds.betweenWindows()) {
            return ThreadState.unguarded(); // nothing to time yet: the look-up alone, for the acquisition and release
        }
        ThreadState ts = ThreadState.enterAlways();
        entered(ts, lock, site, REQUESTED, "lock probe");
        return ts;
    }

    /** The acquisition that {@link #lockRequestedBy} announced, with the state it returned. */
    public static void lockAcquired(ThreadState requestedBy, Object lock, int site) {
        if (lock != null && !(LightHolds.betweenWindows() && LightHolds.acquiredBetweenWindows(requestedBy, lock, site))) {
            entered(ThreadState.enterAlways(requestedBy), lock, site, ACQUIRED, "lock probe");
        }
    }

    /** After {@code tryLock}: held when it returned true, and no lock-order edge leads to it (it could give up). */
    public static void tryLockAcquired(boolean acquired, Object lock, int site) {
        if (acquired) {
            lockEvent(lock, site, TRIED, "lock probe");
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
            lockEvent(lock, site, TRIED, "lock probe");
        }
    }

    public static void lockReleasing(Object lock, int site) {
        lockEvent(lock, site, RELEASING, "unlock probe");
    }

    /** {@link #lockReleasing(Object, int)} with the state a monitor's request probe returned in this frame, or null. */
    public static void lockReleasing(ThreadState requestedBy, Object lock, int site) {
        if (requestedBy == null) {
            lockReleasing(lock, site);
        } else if (lock != null && !(LightHolds.betweenWindows() && LightHolds.releasingBetweenWindows(requestedBy, lock, site))) {
            entered(ThreadState.enterAlways(requestedBy), lock, site, RELEASING, "unlock probe");
        }
    }

    /** Object.wait and Condition.await give the lock up while waiting. */
    public static void waitBegins(Object lock, int site) {
        lockEvent(lock, site, WAIT_BEGINS, "wait probe");
    }

    /** The wait is over and the lock held again. */
    public static void waitEnded(Object lock, int site) {
        lockEvent(lock, site, WAIT_ENDED, "wait probe");
    }

    /** What a lock probe reports: selects the tracker's and the light timing's method without a lambda. */
    private static final int REQUESTED = 0;
    private static final int ACQUIRED = 1;
    private static final int TRIED = 2;
    private static final int RELEASING = 3;
    private static final int WAIT_BEGINS = 4;
    private static final int WAIT_ENDED = 5;

    /**
     * {@link SyncProbes#guarded} for lock probes, which see every call in staging mode too: the
     * light hold timing always, the full tracking ({@link LockTracker}) inside sampling windows
     * only. Written out with a switch, not passed two method references: one call of a functional
     * interface shared by every lock probe is megamorphic, so the JIT could inline none of them;
     * {@code event} is a constant at each caller, so once inlined each switch is one branch.
     */
    private static void lockEvent(Object lock, int site, int event, String where) {
        if (lock != null && !(LightHolds.betweenWindows() && betweenWindows(ThreadState.unguarded(), lock, site, event))) {
            entered(ThreadState.enterAlways(), lock, site, event, where);
        }
    }

    /**
     * Staging mode between windows, where only the light hold timing runs: done without the guard
     * when the event needs nothing more (see {@link LightHolds#acquiredBetweenWindows}); false
     * sends it through the guarded path ({@link #entered}). A request has nothing to time.
     */
    private static boolean betweenWindows(ThreadState ts, Object lock, int site, int event) {
        return switch (event) {
            case REQUESTED -> true;
            case ACQUIRED, TRIED -> LightHolds.acquiredBetweenWindows(ts, lock, site);
            case RELEASING -> LightHolds.releasingBetweenWindows(ts, lock, site);
            default -> false;
        };
    }

    /** {@link #lockEvent} for a thread that entered the guard ({@code ts}, null when it may not). */
    private static void entered(ThreadState ts, Object lock, int site, int event, String where) {
        if (ts == null) {
            return;
        }
        try {
            if (SamplingWindows.staging()) {
                switch (event) {
                    case ACQUIRED, TRIED -> LightHolds.acquired(ts, lock, site);
                    case RELEASING -> LightHolds.releasing(ts, lock, site);
                    case WAIT_BEGINS -> LightHolds.waitBegins(ts, lock, site);
                    case WAIT_ENDED -> LightHolds.waitEnded(ts, lock, site);
                    default -> { }
                }
                if (!ts.inWindow()) {
                    return;
                }
            }
            if (SamplingWindows.sampling()) {
                // One out-of-line method per frequent event: {@code event} is a constant once this is
                // inlined into a probe, and each event's tracking compiles on its own (see requestedInWindow).
                switch (event) {
                    case REQUESTED -> requestedInWindow(ts, lock, site);
                    case ACQUIRED -> acquiredInWindow(ts, lock, site);
                    case RELEASING -> releasingInWindow(ts, lock, site);
                    default -> trackedInWindow(ts, lock, site, event);
                }
            } else {
                tracked(ts, lock, site, event); // test mode: inlined, each switch one branch
            }
        } catch (Throwable failure) {
            Faults.report(where, failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * The full tracking of one lock event, out of line when windows open and close: every lock
     * probe shares this profile, so once a window opened the JIT would inline the tracker into
     * each synchronized block of the application, for code that between windows only needs the
     * light timing above.
     */
    @DontInline
    private static void trackedInWindow(ThreadState ts, Object lock, int site, int event) {
        tracked(ts, lock, site, event);
    }

    /**
     * {@link #trackedInWindow} for a request, the most frequent events having one each: in one method
     * shared by every event, request, acquisition and release compiled into one body of about 70 KB
     * (C2, the cache workload, about a second of compiling at a time), compiled again whole when any
     * one of them met a case its profile had not seen.
     */
    @DontInline
    private static void requestedInWindow(ThreadState ts, Object lock, int site) {
        LockTracker.requested(ts, lock, site);
    }

    /** {@link #requestedInWindow} for an acquisition. */
    @DontInline
    private static void acquiredInWindow(ThreadState ts, Object lock, int site) {
        LockTracker.acquired(ts, lock, site);
    }

    /** {@link #requestedInWindow} for a release. */
    @DontInline
    private static void releasingInWindow(ThreadState ts, Object lock, int site) {
        LockTracker.releasing(ts, lock, site);
    }

    private static void tracked(ThreadState ts, Object lock, int site, int event) {
        switch (event) {
            case REQUESTED -> LockTracker.requested(ts, lock, site);
            case ACQUIRED -> LockTracker.acquired(ts, lock, site);
            case TRIED -> LockTracker.tried(ts, lock, site);
            case RELEASING -> LockTracker.releasing(ts, lock, site);
            case WAIT_BEGINS -> LockTracker.waitBegins(ts, lock, site);
            default -> LockTracker.waitEnded(ts, lock, site);
        }
    }
}
