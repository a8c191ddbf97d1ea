package io.racewatch.locks;

import io.racewatch.order.ThreadRegistry;
import io.racewatch.runtime.Limits;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lock names by identity hash, for reports that only know a lock as {@code Class@hash} (the
 * JVM's deadlock search). A hash can collide, so the name is offered as a hint beside it. Locks
 * are held weakly: a collected lock's entry is cleared out at the next new name (through a reference
 * queue, never a scan of the table), so the cap bounds the locks alive now, not the locks ever seen.
 * Past the cap a new lock costs one size check: a workload that keeps many locks alive (a cache with
 * a lock per entry) must not pay a walk of the table for each new one.
 */
public final class LockNames {
    private static final int MAX = 10_000;
    private static final Map<Integer, Named> BY_HASH = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** A lock's name, with the lock held weakly. */
    private static final class Named extends WeakReference<Object> {
        final int hash;
        final String name;

        Named(Object lock, int hash, String name) {
            super(lock, COLLECTED);
            this.hash = hash;
            this.name = name;
        }
    }

    private LockNames() {
    }

    public static void remember(Object lock, String name) {
        for (Object gone; (gone = COLLECTED.poll()) != null; ) {
            Named n = (Named) gone;
            BY_HASH.remove(n.hash, n);
        }
        if (BY_HASH.size() >= MAX) {
            Limits.hit("named locks", MAX, "locks made while that many are alive are shown without their name in deadlock reports");
            return;
        }
        int hash = System.identityHashCode(lock);
        BY_HASH.put(hash, new Named(lock, hash, name));
    }

    /** The site where the thread with this id last asked for a lock (exact, unlike a blocked frame's line), or 0. */
    public static int requestSiteOf(long threadId) {
        return ThreadRegistry.requestSiteOf(threadId);
    }

    /** The racewatch name of the lock with this identity hash, or null. */
    public static String of(int identityHash) {
        Named n = BY_HASH.get(identityHash);
        return n == null || n.get() == null ? null : n.name;
    }
}
