package io.racewatch.locks;

import io.racewatch.order.SyncProbes;
import io.racewatch.order.SyncVar;
import io.racewatch.order.SyncVars;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;

import java.util.ArrayList;
import java.util.List;
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

    /** Where lock events go now. */
    static LockEvents events() {
        return events;
    }

    /** Sends new lock-order edges and long holds to {@code detectors} from now on. */
    public static void reportTo(LockEvents detectors) {
        events = detectors;
    }

    /** The thread asks for a lock: its wait starts now, blamed on whoever holds the lock. */
    public static void requested(ThreadState ts, Object lock, int site) {
        ts.requestSite = site;
        SyncVar var = SyncVars.of(ts, lock);
        LockProfile p = LockProfile.ofOrNull(var);
        String holder = p == null ? null : p.holder();
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

    /** How a lock's own probes order: not at all (the JDK's AQS locks and StampedLock order from inside, io.racewatch.order). */
    static final byte BY_JDK = 0;
    /** Monitors admit one holder: their var is only touched inside the lock, so it needs no lock of its own. */
    static final byte EXCLUSIVE = 1;
    /** Other locks (a third-party Lock): the var is locked. */
    static final byte SHARED = 2;
    /** Not known (a profile made without its lock): worked out from the lock at each use. */
    static final byte UNKNOWN = -1;

    /** What {@link LockProfile#edges} holds for {@code lock}: worked out once per lock, not at every acquisition. */
    static byte edgesOf(Object lock) {
        if (lock instanceof ReentrantLock || lock instanceof ReentrantReadWriteLock.ReadLock
            || lock instanceof ReentrantReadWriteLock.WriteLock || lock instanceof StampedLock
            || lock.getClass().getName().startsWith("java.util.concurrent.locks.StampedLock$")) {
            return BY_JDK; // StampedLock and its views too: hooked inside the JDK
        }
        return lock instanceof Lock ? SHARED : EXCLUSIVE;
    }

    private static byte edges(LockProfile p, Object lock) {
        return p != null && p.edgesFor == lock.getClass() ? p.edges : edgesOf(lock);
    }

    private static void acquireEdge(ThreadState ts, byte edges, SyncVar var) {
        if (edges == EXCLUSIVE) {
            var.acquireExclusive(ts);
        } else if (edges == SHARED) {
            var.acquire(ts);
        }
    }

    private static void releaseEdge(ThreadState ts, byte edges, SyncVar var) {
        if (edges == EXCLUSIVE) {
            var.releaseExclusive(ts);
        } else if (edges == SHARED) {
            var.release(ts);
        }
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
        LockProfile p = LockProfile.of(var, lock, site);
        byte edges = edges(p, lock);
        acquireEdge(ts, edges, var);
        if (edges != EXCLUSIVE) {
            p.heldBy(ts.locks.owner); // a lock that can be dropped locked: whose hold can matter to others (ParkedOrders)
        }
        long now;
        int round;
        if (ts.requested == var) {
            now = System.nanoTime(); // after the bookkeeping: a first acquisition's set-up is not the application's hold
            p.stats.waited(now - ts.requestedAt, ts.blockedByThread, ts.blockedBySite, site);
            ts.requested = null;
            round = 0; // the clock is read already: this hold is timed exactly
        } else {
            // Uncontended: no clock read, the hold is timed by the watchdog's rounds (HoldClock).
            round = HoldClock.roundFor(TestContext.holdThresholdNs(ts.context));
            now = round != 0 ? HoldClock.startOf(round) : System.nanoTime();
        }
        p.stats.acquired(ts.locks);
        String thread = Thread.currentThread().getName();
        p.holdBegins(thread, site);
        ts.locks.hold(i, now, round, site, p);
        if (i == 0) {
            if (!SamplingWindows.staging()) { // staging times holds on the light path (LightHolds)
                ts.holdingSince = now;
            }
        } else if (couldBlock) {
            newEdges(ts, i, p, site, thread);
        }
    }

    /**
     * Lock-order edges from every lock held to the one just taken; the detector sees only new ones.
     * An order from a lock that only this thread has ever taken waits with the hold until the hold
     * counts ({@link ParkedOrders}); such a lock still counts as a gate around the others.
     */
    private static void newEdges(ThreadState ts, int taken, LockProfile p, int site, String thread) {
        HeldLocks locks = ts.locks;
        boolean known = true;
        for (int k = 0; k < taken && known; k++) {
            LockProfile held = locks.profile(k);
            known = held == null || held.knowsOrderTo(p) || (locks.parked(k) != null && locks.parked(k).knows(p));
        }
        if (known) {
            return;
        }
        // A new order: its bookkeeping (a stack, the order graph) is racewatch's time, not the holds'.
        long from = System.nanoTime();
        recordEdges(locks, taken, p, site, thread);
        ts.notHolding(from, System.nanoTime());
    }

    private static void recordEdges(HeldLocks locks, int taken, LockProfile p, int site, String thread) {
        LockProfile[] held = new LockProfile[taken];
        int[] sites = new int[taken];
        boolean[] sole = null;
        boolean counted = false;
        for (int k = 0; k < taken; k++) {
            held[k] = locks.profile(k);
            sites[k] = locks.site(k);
            if (held[k] != null && held[k].droppable() && held[k].onlyEverHeldBy(locks.owner)) {
                sole = sole == null ? new boolean[taken] : sole;
                sole[k] = true;
            } else {
                counted |= held[k] != null;
            }
        }
        if (sole != null) {
            park(locks, held, sole, p, site, thread);
        }
        if (counted) {
            events.nestedAcquire(held, sites, sole, p, site, thread);
        }
    }

    /** Keeps, with each hold in {@code sole}, its order to {@code p} unless known: until the hold counts. */
    private static void park(HeldLocks locks, LockProfile[] held, boolean[] sole, LockProfile p, int site, String thread) {
        String[] stack = null;
        for (int k = 0; k < held.length; k++) {
            if (!sole[k] || held[k].knowsOrderTo(p) || (locks.parked(k) != null && locks.parked(k).knows(p))) {
                continue;
            }
            if (stack == null) {
                stack = Stacks.capture(); // the acquisition's stack, for when the order counts
            }
            List<OrderNode> gates = new ArrayList<>(held.length - 1);
            for (int j = 0; j < held.length; j++) {
                if (j != k && held[j] != null && held[j].node != null) {
                    gates.add(held[j].node);
                }
            }
            locks.parkedOrNew(k).add(p, site, thread, stack, gates);
        }
    }

    public static void releasing(ThreadState ts, Object lock, int site) {
        SyncVar var = SyncVars.of(ts, lock);
        int i = ts.locks.indexOf(var);
        if (i < 0) {
            if (SamplingWindows.staging()) {
                releaseEdge(ts, edges(LockProfile.ofOrNull(var), lock), var); // taken before this window: its release still orders
            }
            return;
        }
        long since = ts.locks.since(i);
        int round = ts.locks.round(i);
        int acquiredAt = ts.locks.site(i);
        LockProfile p = ts.locks.profile(i);
        ParkedOrders parked = ts.locks.parked(i);
        if (!ts.locks.release(i)) {
            return;
        }
        endSegment(ts, p, since, round, acquiredAt, site);
        if (parked != null) {
            parked.confirm(events, p, acquiredAt); // the hold ended by an unlock: its orders count
        }
        if (!SamplingWindows.staging()) {
            ts.holdingSince = ts.locks.size() == 0 ? 0 : ts.locks.since(0);
        }
        releaseEdge(ts, edges(p, lock), var);
    }

    /** Object.wait or Condition.await: the lock is given up until the wait ends. */
    public static void waitBegins(ThreadState ts, Object lock, int site) {
        SyncVar var = SyncVars.of(ts, lock);
        int i = ts.locks.indexOf(var);
        if (i >= 0 && ts.locks.parked(i) != null) {
            ts.locks.parked(i).confirm(events, ts.locks.profile(i), ts.locks.site(i)); // given up to a waker: its orders count
            ts.locks.unpark(i);
        }
        if (i >= 0 && ts.locks.since(i) > 0) {
            endSegment(ts, ts.locks.profile(i), ts.locks.since(i), ts.locks.round(i), ts.locks.site(i), site);
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
                p.stats.resumed(ts.tid);
                p.holdBegins(Thread.currentThread().getName(), ts.locks.site(i));
            }
            if (i == 0 && !SamplingWindows.staging()) {
                ts.holdingSince = now;
            }
        }
    }

    /**
     * Ends a hold segment begun at {@code since}, in the hold clock's round {@code round} (0: timed
     * exactly). A segment still in the round it began in lasted less than one tick: it is counted,
     * and no clock is read.
     */
    private static void endSegment(ThreadState ts, LockProfile p, long since, int round, int acquiredAt, int releasedAt) {
        if (p == null || since <= 0) {
            return;
        }
        p.holdEnds();
        if (round != 0 && HoldClock.sameRound(round)) {
            return; // counted as short in the statistics (begun, never recorded)
        }
        long now = System.nanoTime();
        long hold = now - (round == 0 ? since : HoldClock.startEstimate(round, since));
        p.stats.released(hold);
        long threshold = TestContext.holdThresholdNs(ts.context);
        // A stall of the JVM (HoldSampler.stalledPart) is left out of a hold when the watchdog's ticks are fine enough
        // for the threshold, however the hold was timed: a segment resumed after a Condition.await or Object.wait, or
        // begun by a contended acquisition, is timed exactly (round 0) but stalls like any other. Under a per-test
        // threshold of fewer than ten ticks the hold is compared as measured: a stall says nothing of so short a hold.
        if (hold >= threshold && !SamplingWindows.staging()
            && (HoldClock.roundFor(threshold) == 0 || hold - HoldSampler.stalledPart(ts, since, now - hold, now) >= threshold)) {
            String[] sample = ts.sampleTakenAt >= since ? ts.holdSample : null;
            events.longHold(ts.tid, p, acquiredAt, releasedAt, hold, sample);
        }
    }
}
