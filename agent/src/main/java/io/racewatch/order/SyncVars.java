package io.racewatch.order;

import io.racewatch.locks.Duties;
import io.racewatch.runtime.ThreadState;

/**
 * The {@link SyncVar} of each synchronization object the program uses, by identity. Objects
 * that synchronize together share one var: a read-write lock's read and write locks, a
 * lock's conditions, a future and the task that completes it.
 */
public final class SyncVars {
    private static final VarTable TABLE = new VarTable();

    private SyncVars() {
    }

    /** Drops the vars of collected objects from the table (called by the watchdog). */
    public static void expungeCollected() {
        TABLE.expungeCollected();
    }

    /**
     * The var of {@code o}. Each thread caches the last few objects it used: a lock and the
     * synchronizer inside it (probed at the call site and inside the JDK) alternate, and a
     * hand-off through an executor touches its queue's lock, its state and the task. A hit
     * writes nothing; a miss replaces the entries in turn. Behind them, a larger cache of the
     * table's entries by identity hash keeps the table (a shared, striped hash table) for objects
     * not seen lately.
     */
    public static SyncVar of(ThreadState ts, Object o) {
        SyncVar v = cached(ts, o);
        if (v != null) {
            return v;
        }
        int slot = slotOf(o);
        VarTable.Node n = (VarTable.Node) ts.syncEntries[slot];
        if (n == null || !n.refersTo(o)) {
            n = TABLE.madeEntry(o);
            ts.syncEntries[slot] = n;
        }
        v = n.var();
        Duties.objectsCached(); // the watchdog lets go of what this cache holds, also in programs that take no lock
        switch (ts.syncNext++ & 3) {
            case 0 -> {
                ts.syncObject0 = o;
                ts.syncVar0 = v;
            }
            case 1 -> {
                ts.syncObject1 = o;
                ts.syncVar1 = v;
            }
            case 2 -> {
                ts.syncObject2 = o;
                ts.syncVar2 = v;
            }
            default -> {
                ts.syncObject3 = o;
                ts.syncVar3 = v;
            }
        }
        return v;
    }

    /** The var of {@code o} if the thread's cache has it, else null. */
    private static SyncVar cached(ThreadState ts, Object o) {
        if (ts.syncObject0 == o) {
            return ts.syncVar0;
        }
        if (ts.syncObject1 == o) {
            return ts.syncVar1;
        }
        if (ts.syncObject2 == o) {
            return ts.syncVar2;
        }
        return ts.syncObject3 == o ? ts.syncVar3 : null;
    }

    /**
     * The var of a live object with this identity hash and class, or null: for reports that know
     * an object only as {@code Class@hash} (the JVM's deadlock search). A hint: two live objects
     * of one class can share a hash.
     */
    public static SyncVar findByIdentityHash(int identityHash, String className) {
        return TABLE.findByIdentityHash(identityHash, className);
    }

    /**
     * The var of {@code o} if anyone released into it yet, else null: an acquisition of an object
     * nobody released (an atomic only one thread writes) needs no var, so none is made for it.
     * A thread that polls such an object pays one comparison and one volatile read: it notes the
     * object and the count of entries ever made in the object's stripe of the table, and looks
     * again only once that count moved. A release it must see made its var (or bound it) before
     * publishing, so the count it reads has moved. Per stripe, not one count for the table: every
     * thread making vars would write that one count.
     */
    public static SyncVar existing(ThreadState ts, Object o) {
        SyncVar cached = cached(ts, o);
        if (cached != null) {
            return cached;
        }
        int slot = slotOf(o);
        VarTable.Node n = (VarTable.Node) ts.syncEntries[slot];
        if (n != null && n.refersTo(o)) {
            return n.var();
        }
        int now = TABLE.insertions(o);
        if (ts.noVarObject == o && ts.noVarMade == now) {
            return null;
        }
        n = TABLE.entry(o);
        if (n == null) {
            ts.noVarObject = o;
            ts.noVarMade = now;
            Duties.objectsCached(); // as in of(): the watchdog lets go of noVarObject
            return null;
        }
        ts.syncEntries[slot] = n;
        return n.var();
    }

    /**
     * The object's slot in the thread's larger cache. An object's entry never changes once made
     * or bound (the table's first entry wins, and stays while its object lives), and a cached entry
     * is compared with the object by {@code refersTo}, so a hit is the object's own entry: an
     * entry whose object was collected matches nothing, and the cache holds no object strongly.
     */
    private static int slotOf(Object o) {
        int h = System.identityHashCode(o);
        return (h ^ (h >>> 11)) & (ThreadState.SYNC_CACHE - 1);
    }

    /** Makes {@code alias} synchronize through {@code var} (first binding wins). */
    public static void bind(Object alias, SyncVar var) {
        TABLE.bind(alias, var);
    }
}
