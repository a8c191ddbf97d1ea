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
 *
 * <p>No shared monitor on the hot paths: an acquisition reads the published clock without
 * locking (a read lock taken by thirty threads, a volatile field read everywhere, never queue on
 * one monitor), and once several threads release into a var, each release raises the entries of
 * its clock in place with a compare-and-set per entry that grows. Entries only grow, so a reader
 * that races with a release sees each entry at some value that was released: every release
 * ordered before the read is seen whole (the application's own synchronization orders it), and a
 * concurrent one at worst adds ordering, which can hide a race but never invents one. Only the
 * single releaser's epoch and the move to several releasers take the var's monitor.
 */
public final class SyncVar {
    private static final int NONE = -1;
    private static final int SEVERAL = -2;
    private static final java.lang.invoke.VarHandle VERSION;
    private static final java.lang.invoke.VarHandle CLOCK;
    private static final java.lang.invoke.VarHandle ENTRY = java.lang.invoke.MethodHandles.arrayElementVarHandle(int[].class);
    /**
     * Hands out join-cache slots round-robin. Plain, not atomic: a lost increment only gives two
     * vars one slot (the cache compares the var itself), and a var is made per key, lock and
     * future, so an atomic add here is a contended locked instruction on every new key.
     */
    private static int nextSlot;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            VERSION = lookup.findVarHandle(SyncVar.class, "version", int.class);
            CLOCK = lookup.findVarHandle(SyncVar.class, "clock", int[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Advanced after every change of the clock (atomically: with releases that do not lock, a lost
     * increment could show a reader a version it joined at while a release it has not seen is in):
     * a thread that joined this var at a version and sees the same version again has nothing to
     * join (a volatile field read in a loop costs a field read, not a join).
     */
    @SuppressWarnings("unused")
    private volatile int version;
    /** This var's entry in each thread's small cache of what it joined last. */
    private final int joinSlot = nextSlot++ & (ThreadState.JOINED - 1);

    /** The sole releaser's clock (its own immutable array), or, with several releasers, this var's own array. */
    private volatile int[] clock = VectorClocks.EMPTY;
    /** The only thread that released into this var, {@link #NONE}, or {@link #SEVERAL} (for good). */
    private volatile int soleTid = NONE;
    private int soleOwn;
    /**
     * Set when the object is used as a lock: the lock model's profile (name, statistics, lock-order
     * edges). Typed {@code Object} so that the happens-before model does not depend on the lock model.
     */
    private volatile Object lockData;

    /** Publishes the thread's clock into this var and advances the thread's own entry. */
    public void release(ThreadState ts) {
        if (soleTid != SEVERAL) {
            synchronized (this) {
                int sole = soleTid;
                if (sole == NONE || sole == ts.tid) {
                    soleOwn = ts.own;
                    CLOCK.setRelease(this, ts.vc); // published by the version's bump (no fence of its own)
                    if (sole == NONE) {
                        soleTid = ts.tid;
                    }
                    bumpAlone();
                    ts.tick();
                    return;
                }
                if (sole >= 0) {
                    becomeShared(sole);
                }
            }
        }
        raise(ts.vc, ts.tid, ts.own);
        bump();
        ts.tick();
    }

    /**
     * From one releaser to several, under the monitor: the var's clock becomes an array of its own
     * (the sole releaser's is never written), holding the sole releaser's clock and own entry.
     */
    private void becomeShared(int sole) {
        int[] own = VectorClocks.with(clock, sole, Math.max(VectorClocks.get(clock, sole), soleOwn));
        clock = own;
        soleTid = SEVERAL;
    }

    /**
     * Raises this var's own clock (several releasers) to cover {@code other}, and {@code value} at
     * {@code tid} (none when negative), without locking. A release that finds the array too short
     * replaces it by a longer copy and carries the old array's entries over; whoever wrote into an
     * array that was replaced meanwhile writes again into the new one (it sees the replacement
     * after its writes, or the replacer's carry-over sees its writes: all of these are volatile).
     */
    private void raise(int[] other, int tid, int value) {
        int need = Math.max(other.length, tid + 1);
        int[] carried = null;
        int[] c = clock;
        while (true) {
            if (c.length < need) {
                int[] grown = java.util.Arrays.copyOf(c, need);
                if (!CLOCK.compareAndSet(this, c, grown)) {
                    c = clock;
                    continue;
                }
                carried = c; // written into by others until they see the new array: carry it over
                c = grown;
            }
            if (carried != null) {
                raiseAll(c, carried);
            }
            raiseAll(c, other);
            if (tid >= 0) {
                raiseEntry(c, tid, value);
            }
            int[] now = clock;
            if (now == c) {
                return;
            }
            c = now;
        }
    }

    private static void raiseAll(int[] into, int[] from) {
        for (int i = 0; i < from.length; i++) {
            int v = (int) ENTRY.getVolatile(from, i);
            if (v > (int) ENTRY.getVolatile(into, i)) {
                raiseEntry(into, i, v);
            }
        }
    }

    private static void raiseEntry(int[] into, int i, int value) {
        int current = (int) ENTRY.getVolatile(into, i);
        while (current < value && !ENTRY.compareAndSet(into, i, current, value)) {
            current = (int) ENTRY.getVolatile(into, i);
        }
    }

    private void bump() {
        VERSION.getAndAdd(this, 1);
    }

    /** {@link #bump} where no other release can run (one releaser, under the monitor or the application's lock). */
    private void bumpAlone() {
        VERSION.setRelease(this, (int) VERSION.getOpaque(this) + 1);
    }

    /**
     * {@link #release} for a var only ever touched by the holder of an exclusive lock: the
     * application's lock already orders every access, so this one takes no monitor.
     */
    public void releaseExclusive(ThreadState ts) {
        int sole = soleTid;
        if (sole == NONE || sole == ts.tid) {
            soleOwn = ts.own;
            CLOCK.setRelease(this, ts.vc);
            if (sole == NONE) {
                soleTid = ts.tid;
            }
            bumpAlone();
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
     * Makes everything released into this var happen-before the thread's next events. Takes no
     * lock: every release that must be joined here ran its probe before the application's
     * publishing call, which happens-before the receiving call this probe follows, so its writes
     * are visible; a release it misses, or sees in part, is one this acquisition is not ordered
     * after anyway.
     */
    public void acquire(ThreadState ts) {
        int sole = soleTid;
        if (sole == ts.tid || sole == NONE) {
            return;
        }
        int v = version;
        int k = joinSlot;
        if (ts.joinedVars[k] == this && ts.joinedVersions[k] == v) {
            return; // joined at this version already: nothing new
        }
        int own = soleOwn;
        sole = soleTid; // read again after the version: the clock read next is at least that version's
        ts.join(clock);
        if (sole >= 0) {
            ts.joinEntry(sole, own);
        }
        ts.joinedVars[k] = this;
        ts.joinedVersions[k] = v; // the version read before the join: a release that came in during it is joined again next time
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
        if (soleTid != SEVERAL) {
            synchronized (this) {
                if (soleTid >= 0) {
                    becomeShared(soleTid);
                } else if (soleTid == NONE) {
                    clock = new int[0]; // the var's own array from now on (EMPTY is shared by all)
                    soleTid = SEVERAL;
                }
            }
        }
        raise(published, -1, 0);
        bump();
    }
}
