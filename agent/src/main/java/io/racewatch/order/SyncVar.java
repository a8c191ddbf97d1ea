package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

/**
 * The happens-before clock of one synchronization object: a monitor, a lock, a latch, a queue,
 * a future, a key of a concurrent map. Release publishes the releasing thread's clock into it;
 * acquire joins it into the acquiring thread's clock.
 *
 * <p>Epoch fast path (FastTrack): while a single thread is the only one to release it, the var
 * keeps a reference to that thread's (immutable) clock array plus its own counter, so neither
 * release nor a re-acquire by the same thread allocates.
 */
public final class SyncVar {
    private static final int NONE = -1;
    private static final int SEVERAL = -2;
    private static final java.lang.invoke.VarHandle VERSION;
    private static final java.util.concurrent.atomic.AtomicInteger SLOTS = new java.util.concurrent.atomic.AtomicInteger();

    static {
        try {
            VERSION = java.lang.invoke.MethodHandles.lookup().findVarHandle(SyncVar.class, "version", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Advanced at every change of the clock (release-ordered, so a hot reader pays no fence): a
     * thread that joined this var at a version and sees the same version again has nothing to
     * join, and skips the monitor (a volatile field read in a loop costs a field read, not a lock).
     */
    @SuppressWarnings("unused")
    private int version;
    /** This var's entry in each thread's small cache of what it joined last. */
    private final int joinSlot = SLOTS.getAndIncrement() & (ThreadState.JOINED - 1);

    private int[] clock = VectorClocks.EMPTY;
    private int soleTid = NONE;
    private int soleOwn;
    /**
     * Set when the object is used as a lock: the lock model's profile (name, statistics, lock-order
     * edges). Typed {@code Object} so that the happens-before model does not depend on the lock model.
     */
    private volatile Object lockData;

    /** Publishes the thread's clock into this var and advances the thread's own entry. */
    public void release(ThreadState ts) {
        synchronized (this) {
            if (soleTid == NONE || soleTid == ts.tid) {
                soleTid = ts.tid;
                soleOwn = ts.own;
                clock = ts.vc;
            } else {
                if (soleTid >= 0) {
                    // From here on the array is this var's own (never handed out): it is updated in place.
                    clock = VectorClocks.with(clock, soleTid, Math.max(VectorClocks.get(clock, soleTid), soleOwn));
                    soleTid = SEVERAL;
                }
                clock = VectorClocks.joinInPlace(clock, ts.vc, ts.tid, ts.own);
            }
            bump();
        }
        ts.tick();
    }

    private void bump() {
        VERSION.setRelease(this, (int) VERSION.getOpaque(this) + 1);
    }

    /**
     * {@link #release} for a var only ever touched by the holder of an exclusive lock: the
     * application's lock already orders every access, so this one takes no monitor.
     */
    public void releaseExclusive(ThreadState ts) {
        if (soleTid == NONE || soleTid == ts.tid) {
            soleTid = ts.tid;
            soleOwn = ts.own;
            clock = ts.vc;
            bump();
            ts.tick();
        } else {
            release(ts);
        }
    }

    /** {@link #acquire} for a var only ever touched by the holder of an exclusive lock. */
    public void acquireExclusive(ThreadState ts) {
        if (soleTid == ts.tid || soleTid == NONE) {
            return;
        }
        acquire(ts);
    }

    /**
     * Makes everything released into this var happen-before the thread's next events.
     *
     * <p>The checks before the monitor read without it: every release that must be joined here
     * ran its probe before the application's publishing call, which happens-before the receiving
     * call this probe follows, so its writes are visible; a release they miss is one this
     * acquisition is not ordered after anyway.
     */
    public void acquire(ThreadState ts) {
        int sole = soleTid;
        if (sole == ts.tid || sole == NONE) {
            return;
        }
        int v = (int) VERSION.getAcquire(this);
        int k = joinSlot;
        if (ts.joinedVars[k] == this && ts.joinedVersions[k] == v) {
            return; // joined at this version already: nothing new
        }
        synchronized (this) {
            if (soleTid == ts.tid || soleTid == NONE) {
                return;
            }
            // Joined under the monitor: with several releasers the array is updated in place.
            ts.join(clock);
            if (soleTid >= 0) {
                ts.joinEntry(soleTid, soleOwn);
            }
            ts.joinedVars[k] = this;
            ts.joinedVersions[k] = (int) VERSION.getOpaque(this);
        }
    }

    /** What the lock model keeps on a var used as a lock (see {@code LockProfile.of}), or null. */
    public Object lockData() {
        return lockData;
    }

    /** Sets the lock model's data; call under this var's monitor, once. */
    public void setLockData(Object data) {
        lockData = data;
    }

    /** Joins a clock captured earlier (a task's submit snapshot) into this var. */
    public void publish(int[] published) {
        synchronized (this) {
            if (soleTid >= 0) {
                clock = VectorClocks.with(clock, soleTid, Math.max(VectorClocks.get(clock, soleTid), soleOwn));
            }
            soleTid = SEVERAL;
            clock = VectorClocks.join(clock, published);
            bump();
        }
    }
}
