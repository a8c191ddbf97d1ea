package io.racewatch.runtime;

/**
 * The {@link SyncVar} of each synchronization object the program uses, by identity. Objects
 * that synchronize together share one var: a read-write lock's read and write locks, a
 * lock's conditions, a future and the task that completes it.
 */
final class SyncVars {
    private static final WeakIdentityTable<SyncVar> TABLE = new WeakIdentityTable<>();

    private SyncVars() {
    }

    static SyncVar of(ThreadState ts, Object o) {
        if (ts.cachedSyncObject == o) {
            return ts.cachedSyncVar;
        }
        SyncVar v = TABLE.get(o);
        if (v == null) {
            v = TABLE.putIfAbsent(o, new SyncVar());
        }
        ts.cachedSyncObject = o;
        ts.cachedSyncVar = v;
        return v;
    }

    /** Makes {@code alias} synchronize through {@code var} (first binding wins). */
    static void bind(Object alias, SyncVar var) {
        TABLE.putIfAbsent(alias, var);
    }
}
