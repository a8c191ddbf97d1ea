package io.racewatch.order;

import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.WeakIdentityTable;

/**
 * The {@link SyncVar} of each synchronization object the program uses, by identity. Objects
 * that synchronize together share one var: a read-write lock's read and write locks, a
 * lock's conditions, a future and the task that completes it.
 */
public final class SyncVars {
    private static final WeakIdentityTable<SyncVar> TABLE = new WeakIdentityTable<>();

    private SyncVars() {
    }

    /**
     * The var of {@code o}. Each thread caches the last two objects it used: a lock and the
     * synchronizer inside it (probed at the call site and inside the JDK) alternate.
     */
    public static SyncVar of(ThreadState ts, Object o) {
        if (ts.cachedSyncObject == o) {
            return ts.cachedSyncVar;
        }
        SyncVar v;
        if (ts.cachedSyncObject2 == o) {
            v = ts.cachedSyncVar2;
        } else {
            v = TABLE.get(o);
            if (v == null) {
                v = TABLE.putIfAbsent(o, new SyncVar());
            }
        }
        ts.cachedSyncObject2 = ts.cachedSyncObject;
        ts.cachedSyncVar2 = ts.cachedSyncVar;
        ts.cachedSyncObject = o;
        ts.cachedSyncVar = v;
        return v;
    }

    /** Makes {@code alias} synchronize through {@code var} (first binding wins). */
    public static void bind(Object alias, SyncVar var) {
        TABLE.putIfAbsent(alias, var);
    }
}
