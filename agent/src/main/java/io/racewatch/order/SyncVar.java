package io.racewatch.order;

import io.racewatch.runtime.ThreadState;
import jdk.internal.vm.annotation.DontInline;

/**
 * The happens-before clock of one synchronization object: a monitor, a lock, a latch, a queue,
 * a future, a key of a concurrent map. Release publishes the releasing thread's clock into it;
 * acquire joins it into the acquiring thread's clock.
 *
 * <p>Epoch fast path (FastTrack): while a single thread is the only one to release it, the var
 * keeps a reference to that thread's (immutable) clock array plus its own entry. That thread's
 * releases take no monitor and no atomic instruction: it is the only writer of those fields
 * (plain stores, published by a release store of the sole releaser's version), and its own
 * acquisitions are no-ops (nothing in the var is news to it).
 *
 * <p>No shared monitor on the hot paths: an acquisition reads the published clock without
 * locking (a read lock taken by thirty threads, a volatile field read everywhere, never queue on
 * one monitor), and once several threads release into a var, each release raises the entries of
 * its clock in place with a compare-and-set per entry that grows. Entries only grow, so a reader
 * that races with a release sees each entry at some value that was released: every release
 * ordered before the read is seen whole (the application's own synchronization orders it), and a
 * concurrent one at worst adds ordering, which can hide a race but never invents one. Only the
 * first release and the move to several releasers take the var's monitor.
 */
public final class SyncVar extends VarTable.Node {
    /** {@link #sole} once several threads released: a marker, never a real thread's state. */
    private static final ThreadState SEVERAL = new ThreadState(-2, 0, VectorClocks.EMPTY);
    private static final java.lang.invoke.VarHandle VERSION;
    private static final java.lang.invoke.VarHandle SOLE_VERSION;
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
            SOLE_VERSION = lookup.findVarHandle(SyncVar.class, "soleVersion", int.class);
            CLOCK = lookup.findVarHandle(SyncVar.class, "clock", int[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Advanced after every change of the shared clock (atomically: with releases that do not
     * lock, a lost increment could show a reader a version it joined at while a release it has
     * not seen is in). With {@link #soleVersion}, a thread that joined this var at a pair of
     * versions and sees the same pair again has nothing to join (a volatile field read in a loop
     * costs a field read, not a join).
     */
    @SuppressWarnings("unused")
    private volatile int version;
    /** This var's entry in each thread's small cache of what it joined last. */
    private final int joinSlot;

    /** With several releasers, this var's own array (written in place); empty before. */
    private volatile int[] clock = VectorClocks.EMPTY;
    /** The only thread that released into this var, null before any release, or {@link #SEVERAL} (for good). */
    private volatile ThreadState sole;
    /**
     * The sole releaser's clock (its own immutable array) and own entry at its last release, and
     * the count of its releases. Written by the sole releaser only (or, for a var used under an
     * exclusive lock, by the lock's holder), so plain stores suffice: the version is stored last
     * with release semantics, and read first with acquire semantics.
     */
    private int[] soleClock = VectorClocks.EMPTY;
    private int soleOwn;
    @SuppressWarnings("unused")
    private int soleVersion;
    /**
     * The sole releaser when the var moved to several, and its release count then. A release of
     * its that was under way during the move may have missed the shared clock: while its count
     * has moved on, readers join its fields too. Published by the write of {@link #sole}.
     */
    private ThreadState sharedFrom;
    private int soleVersionAtShare;
    /**
     * Set when the object is used as a lock: the lock model's profile (name, statistics, lock-order
     * edges). Typed {@code Object} so that the happens-before model does not depend on the lock model.
     */
    private volatile Object lockData;

    /** A var of no object's (a latch of racewatch's own, a key of a map); its join-cache slot is handed out in turn. */
    public SyncVar() {
        super(null, null, 0);
        joinSlot = nextSlot++ & (ThreadState.JOINED - 1);
    }

    /**
     * A var of no object's holding a release that {@code ts}, its only releaser so far, made earlier
     * when its clock array was {@code clock} ({@link ThreadState#vc()}, handed out then) and its own
     * entry {@code own} (it ticked since): the var that {@link #release} into a new var would have
     * left. Made without the monitor a first release takes: nobody else can reach a var not yet
     * handed out (the caller publishes it, as a map key's var under the key's lock). For a holder
     * that keeps a sole releaser's release as this var keeps it ({@link #releaseAlone}) until
     * another thread needs the var, so that a var released once and never acquired is never made.
     */
    public static SyncVar releasedEarlier(ThreadState ts, int[] clock, int own) {
        SyncVar v = new SyncVar();
        v.soleOwn = own;
        v.soleClock = clock;
        SOLE_VERSION.setRelease(v, 1);
        v.sole = ts; // after the fields, as releasedUnderMonitor does
        return v;
    }

    /**
     * The var of {@code object}, its own entry in the table of vars ({@link VarTable}), which holds
     * the object weakly. Its join-cache slot comes from the object's hash, so that threads making
     * vars by the thousand (one per object a reactive pipeline publishes through) do not all
     * write the one counter's cache line.
     */
    SyncVar(Object object, java.lang.ref.ReferenceQueue<Object> collected, int hash) {
        super(object, collected, hash);
        joinSlot = (hash ^ (hash >>> 7) ^ (hash >>> 14)) & (ThreadState.JOINED - 1);
    }

    @Override
    SyncVar var() {
        return this;
    }

    /** Publishes the thread's clock into this var and advances the thread's own entry. */
    public void release(ThreadState ts) {
        ThreadState s = sole;
        if (s == ts) {
            releaseAlone(ts);
            return;
        }
        releaseShared(ts, s);
    }

    /**
     * {@link #release} by a thread that is not the var's sole releaser. Out of line, like the
     * joins of {@link #acquire}: inlined, the raising loops made every probe that releases
     * compile to 11 KB of machine code (reactive, test mode), for a path the sole releaser of a
     * var never takes.
     */
    @DontInline
    private void releaseShared(ThreadState ts, ThreadState s) {
        if (s != SEVERAL && releasedUnderMonitor(ts)) {
            return;
        }
        int k = joinSlot;
        if (ts.coveringVars[k] == this && ts.coveringAt[k] == ts.clockChanges()) {
            raise(VectorClocks.EMPTY, ts.tid, ts.own); // every other entry of the thread's is in already
        } else {
            raise(ts.vcNow(), ts.tid, ts.own);
            ts.coveringVars[k] = this;
            ts.coveringAt[k] = ts.clockChanges();
        }
        int before = (int) VERSION.getAndAdd(this, 1);
        stillJoined(ts, k, before);
        ts.tick();
    }

    /**
     * A release into a var with no releaser or another sole releaser, under the monitor: true when
     * done (this thread is the sole releaser now); else the var has become shared and the caller
     * raises its clock. Out of line: once per var and per move to shared, so the compiled release
     * path stays small.
     */
    @DontInline
    private boolean releasedUnderMonitor(ThreadState ts) {
        synchronized (this) {
            ThreadState s = sole;
            if (s == null) {
                releaseAlone(ts);
                sole = ts; // after the fields: a reader that sees it sees them
                return true;
            }
            if (s == ts) {
                releaseAlone(ts);
                return true;
            }
            if (s != SEVERAL) {
                becomeShared(s);
            }
            return false;
        }
    }

    /**
     * After this thread's release moved the version from {@code before} to the next: if the thread
     * had joined this var at {@code before} (it knew all of it then) and no other release was
     * counted in between, the var now holds what the thread knew plus its own clock, so the thread
     * still knows all of it at the new version. An atomic read-modify-write (a release, then an
     * acquisition, of one var) then skips the join over every thread slot that would add nothing.
     * A release by another thread under way now (raised, not yet counted) counts later and moves
     * the version past this one: it is joined at the thread's next acquisition, as one that had not
     * begun would be.
     */
    private void stillJoined(ThreadState ts, int k, int before) {
        if (ts.joinedVars[k] == this) {
            long joined = ts.joinedVersions[k];
            if ((int) (joined >>> 32) == before) {
                ts.joinedVersions[k] = ((long) (before + 1) << 32) | (joined & 0xffffffffL);
            }
        }
    }

    /** The sole releaser's release: plain stores, the version last (a release store: on x86 a plain one). */
    private void releaseAlone(ThreadState ts) {
        soleOwn = ts.own;
        // Kept: the thread copies before its next join. Stored only when it changed: a loop's releases
        // keep one array, and a reference store into this long-lived var costs a GC barrier (a fence with G1).
        if (soleClock != ts.vcNow()) {
            soleClock = ts.vc();
        }
        SOLE_VERSION.setRelease(this, soleVersion + 1);
        ts.tick();
    }

    /**
     * From one releaser to several, under the monitor: the var's clock becomes an array of its own
     * (the sole releaser's is never written), holding the sole releaser's clock and own entry.
     */
    private void becomeShared(ThreadState from) {
        int seen = (int) SOLE_VERSION.getAcquire(this); // before the fields: they are at least this release's
        int[] c = soleClock;
        clock = VectorClocks.with(c, from.tid, Math.max(VectorClocks.get(c, from.tid), soleOwn));
        sharedFrom = from;
        soleVersionAtShare = seen;
        sole = SEVERAL;
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
                raiseAllShared(c, carried);
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

    /**
     * Raises {@code into} to {@code from}, an array no one writes now (a thread's own clock, a
     * snapshot). An entry read below its value is only ever lower than it is: one read at or
     * above {@code from}'s is really so, and is skipped without a compare-and-set.
     */
    private static void raiseAll(int[] into, int[] from) {
        for (int i = 0; i < from.length; i++) {
            int v = from[i];
            if (v > (int) ENTRY.getOpaque(into, i)) {
                raiseEntry(into, i, v);
            }
        }
    }

    /** {@link #raiseAll} from an array other threads may still be writing into (one replaced by a longer one). */
    private static void raiseAllShared(int[] into, int[] from) {
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

    /**
     * {@link #release} for a var only ever touched by the holder of an exclusive lock (a monitor,
     * a key of a map under the key's lock): the application's lock already orders every access,
     * so a new holder whose clock covers everything released here takes the var over as its sole
     * releaser (the lock handed from thread to thread stays on the fast path).
     */
    public void releaseExclusive(ThreadState ts) {
        ThreadState s = sole;
        if (s == ts) {
            releaseAlone(ts);
        } else if (s != null && s != SEVERAL && ts.knows(s.tid, soleOwn) && VectorClocks.covers(ts.vcNow(), soleClock)) {
            releaseAlone(ts);
            sole = ts;
        } else {
            release(ts);
        }
    }

    /** {@link #acquire} for a var only ever touched by the holder of an exclusive lock. */
    public void acquireExclusive(ThreadState ts) {
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
        ThreadState s = sole;
        if (s == ts || s == null) {
            return; // nothing released, or only by this thread: nothing new
        }
        int k = joinSlot;
        if (s != SEVERAL) {
            int sv = (int) SOLE_VERSION.getAcquire(this);
            if (ts.joinedVars[k] == this && ts.joinedVersions[k] == sv) {
                return; // joined at this release already
            }
            joinSole(ts, s, k, sv);
            return;
        }
        int v = version;
        int sv = (int) SOLE_VERSION.getAcquire(this);
        long versions = ((long) v << 32) | (sv & 0xffffffffL);
        if (ts.joinedVars[k] == this && ts.joinedVersions[k] == versions) {
            return;
        }
        joinShared(ts, k, versions, sv);
    }

    /*
     * The joins of an acquisition, out of line: most acquisitions end at the checks above (in
     * the reactive workload 20 of 21 million), and inlined, the join's loops (three copies of
     * them) made every acquiring probe's compiled code 16 KB.
     */

    /** Joins the sole releaser's release at version {@code sv} (read before: the fields are at least that release's). */
    @DontInline
    private void joinSole(ThreadState ts, ThreadState s, int k, int sv) {
        int own = soleOwn;
        ts.join(soleClock);
        ts.joinEntry(s.tid, own);
        ts.joinedVars[k] = this;
        ts.joinedVersions[k] = sv;
    }

    /** Joins the shared clock, the versions {@code versions} read before it. */
    @DontInline
    private void joinShared(ThreadState ts, int k, long versions, int sv) {
        boolean covering = ts.coveringVars[k] == this && ts.coveringAt[k] == ts.clockChanges();
        ts.join(clock);
        if (sv != soleVersionAtShare) { // a release of the sole releaser's was under way at the move
            int own = soleOwn;
            ts.join(soleClock);
            ts.joinEntry(sharedFrom.tid, own);
        } else if (covering) {
            // The var covered the clock, and the clock took only entries of the var's (which never go down): it still does.
            ts.coveringAt[k] = ts.clockChanges();
        }
        ts.joinedVars[k] = this;
        ts.joinedVersions[k] = versions; // the versions read before the join: a release that came in during it is joined again next time
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
        if (sole != SEVERAL) {
            synchronized (this) {
                ThreadState s = sole;
                if (s == null) {
                    clock = new int[0]; // the var's own array from now on (EMPTY is shared by all)
                    soleVersionAtShare = soleVersion;
                    sole = SEVERAL;
                } else if (s != SEVERAL) {
                    becomeShared(s);
                }
            }
        }
        raise(published, -1, 0);
        bump();
    }
}
