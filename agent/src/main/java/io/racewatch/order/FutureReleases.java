package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * FutureTask completions, kept by the completing thread without a {@link SyncVar}. Nearly every
 * future an executor makes is completed and dropped without another thread ever reading its
 * state (reactive, test mode: 90 924 scheduled futures made, 22 read by another thread), and a
 * var per completion cost a weak-table entry of the shared var table held until the collection
 * that finds the task dead, copied by it and often promoted. Here a completion costs one small
 * weak entry in the completer's own table, held until the table next fills and finds it cleared.
 *
 * <p>The completer keeps, at {@code set}/{@code setException}'s entry (before the state write
 * that publishes), the task weakly with its clock array then and its own entry, and ticks, as a
 * sole releaser's release into a var would ({@link SyncVar#release}). A thread that reads a final
 * state looks for the task in every thread's table and joins every entry it finds (a task set by
 * two threads, only one of them successfully, is joined for both: this can hide a race, never
 * invent one), then in the var table as before. An entry is never removed from an array other
 * threads may read: a table that fills is copied into a new array without its cleared entries
 * (nobody can read a task whose weak reference was cleared), published whole by a volatile store.
 * The state write that a reader saw final came after the entry's store, so the reader sees it in
 * the array it reads, or in a later one.
 *
 * <p>A thread that ended keeps nothing: its table's entries whose tasks still live become vars
 * (holding the same release) before the table leaves the list readers walk, so a reader that no
 * longer sees the table finds the var ({@link #sweepEnded}, from the watchdog).
 */
final class FutureReleases {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Kept[].class);
    /** Slots of a new table, and the fewest a compacted one keeps. */
    private static final int MIN_SLOTS = 64;
    /**
     * The most slots a table grows to: a copy that finds more than a quarter of them live
     * (completed tasks not yet found dead by a collection) makes the live entries vars and starts again.
     */
    static final int MAX_SLOTS = 1 << 17;

    /** One completion: the task (weakly), its identity hash, the completer's clock array then and own entry. */
    static final class Kept extends WeakReference<Object> {
        final int hash;
        final int[] clock;
        final int own;

        Kept(Object task, int hash, int[] clock, int own) {
            super(task);
            this.hash = hash;
            this.clock = clock;
            this.own = own;
        }
    }

    /** One thread's kept completions: open addressing, linear probing, at most three quarters used. */
    static final class Table {
        final ThreadState owner;
        final WeakReference<Thread> thread;
        /** Replaced whole when it fills; slots are written with release stores, never cleared. */
        volatile Kept[] slots = new Kept[MIN_SLOTS];
        /** Non-null slots of {@link #slots} (owner only). */
        int used;

        Table(ThreadState owner, Thread thread) {
            this.owner = owner;
            this.thread = new WeakReference<>(thread);
        }
    }

    /** Every table readers walk: copy on write, under the class's monitor. */
    private static volatile Table[] tables = new Table[0];
    /** Tables listed after the last sweep at a registration. */
    private static int listedAfterSweep;

    private FutureReleases() {
    }

    private static int home(int hash, int mask) {
        return (hash ^ (hash >>> 16)) * 0x9E3779B9 >>> 7 & mask;
    }

    /** The completer's release of {@code task}'s completion, kept in its own table; ticks. */
    static void keep(ThreadState ts, Object task) {
        Table t = (Table) ts.keptFutures;
        if (t == null) {
            t = register(ts);
        }
        int h = System.identityHashCode(task);
        Kept[] s = t.slots;
        int mask = s.length - 1;
        int i = home(h, mask);
        int cleared = -1;
        Kept k;
        while ((k = s[i]) != null) {
            if (k.hash == h && k.refersTo(task)) {
                cleared = i; // set again by this thread: the later release covers the earlier one
                break;
            }
            if (cleared < 0 && k.refersTo(null)) {
                cleared = i;
            }
            i = (i + 1) & mask;
        }
        Kept kept = new Kept(task, h, ts.vc(), ts.own);
        if (cleared >= 0) {
            SLOT.setRelease(s, cleared, kept);
        } else if (t.used + 1 > s.length - (s.length >>> 2)) {
            rebuild(t, kept);
        } else {
            SLOT.setRelease(s, i, kept);
            t.used++;
        }
        ts.tick();
    }

    /**
     * A full table copied without its cleared entries into an array where the live ones (and
     * {@code added}) use at most a quarter, then published. Amortized: the copy comes after at
     * least a quarter of the array's slots were filled since the last. Past {@link #MAX_SLOTS},
     * the live entries become vars first (a reader of the old array finds the entry, one of the
     * new array the var: the array is published after the vars), and the new array holds {@code added} alone.
     */
    private static void rebuild(Table t, Kept added) {
        Kept[] old = t.slots;
        int live = 1;
        for (Kept k : old) {
            if (k != null && !k.refersTo(null)) {
                live++;
            }
        }
        if (live * 4 > MAX_SLOTS) {
            promoteAll(t);
            old = new Kept[0];
            live = 1;
        }
        int length = MIN_SLOTS;
        while (length < live * 4) {
            length <<= 1;
        }
        Kept[] s = new Kept[length];
        int mask = length - 1;
        for (Kept k : old) {
            if (k != null && !k.refersTo(null)) {
                put(s, mask, k);
            }
        }
        put(s, mask, added);
        t.used = live;
        t.slots = s;
    }

    private static void put(Kept[] s, int mask, Kept k) {
        int i = home(k.hash, mask);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = k;
    }

    /**
     * A thread's first completion lists its table. Ended threads' tables are swept here too (and
     * by the watchdog): each time while few are listed, then once the list has doubled since.
     */
    private static synchronized Table register(ThreadState ts) {
        if (tables.length < 64 || tables.length >= 2 * listedAfterSweep) {
            sweepEnded();
            listedAfterSweep = tables.length;
        }
        Table t = new Table(ts, Thread.currentThread());
        Table[] now = tables;
        Table[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = t;
        tables = more;
        ts.keptFutures = t;
        return t;
    }

    /**
     * Joins every kept release of {@code task} into {@code ts} (a thread that read the task's
     * final state). Call before looking for the task's var: see {@link #sweepEnded}.
     */
    static void acquire(ThreadState ts, Object task) {
        Table[] all = tables;
        if (all.length == 0) {
            return;
        }
        int h = System.identityHashCode(task);
        for (Table t : all) {
            Kept[] s = t.slots;
            int mask = s.length - 1;
            Kept k;
            for (int i = home(h, mask); (k = (Kept) SLOT.getAcquire(s, i)) != null; i = (i + 1) & mask) {
                if (k.hash == h && k.refersTo(task)) {
                    ts.join(k.clock);
                    ts.joinEntry(t.owner.tid, k.own);
                    break;
                }
            }
        }
    }

    /**
     * Drops the tables of threads that ended. Their entries whose tasks still live become vars
     * first (in the var table, holding the same release), so a reader that walks the list after
     * the table left it finds the var, and one that walked it before found the entry.
     */
    static synchronized void sweepEnded() {
        Table[] all = tables;
        for (Table t : all) {
            Thread thread = t.thread.get();
            if (thread == null || !thread.isAlive()) {
                promoteAll(t);
                remove(t);
                t.owner.keptFutures = null; // its thread ended: nothing will keep into it again
            }
        }
    }

    private static void promoteAll(Table t) {
        for (Kept k : t.slots) {
            Object task = k == null ? null : k.get();
            if (task != null) {
                SyncVars.made(task).releaseKept(t.owner, k.clock, k.own);
            }
        }
    }

    private static synchronized void remove(Table t) {
        Table[] now = tables;
        if (now.length == 0) {
            return;
        }
        Table[] fewer = new Table[now.length - 1];
        int n = 0;
        for (Table other : now) {
            if (other != t) {
                if (n == fewer.length) {
                    return; // not listed (removed already)
                }
                fewer[n++] = other;
            }
        }
        tables = fewer;
    }

    /** Tables listed now (tests). */
    static int tableCount() {
        return tables.length;
    }
}
