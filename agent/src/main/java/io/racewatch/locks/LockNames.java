package io.racewatch.locks;

import io.racewatch.order.ThreadRegistry;
import io.racewatch.runtime.Limits;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lock names by identity hash, for reports that only know a lock as {@code Class@hash} (the
 * JVM's deadlock search). A hash can collide, so the name is offered as a hint beside it. Locks
 * are held weakly: a collected lock's entry is cleared out when the table is full, so the cap
 * bounds the locks alive now, not the locks ever seen.
 */
public final class LockNames {
    private static final int MAX = 10_000;
    private static final Map<Integer, Named> BY_HASH = new ConcurrentHashMap<>();

    /** A lock's name, with the lock held weakly. */
    private static final class Named extends WeakReference<Object> {
        final String name;

        Named(Object lock, String name) {
            super(lock);
            this.name = name;
        }
    }

    private LockNames() {
    }

    public static void remember(Object lock, String name) {
        if (BY_HASH.size() >= MAX) {
            BY_HASH.values().removeIf(n -> n.get() == null);
            if (BY_HASH.size() >= MAX) {
                Limits.hit("named locks", MAX, "locks made while that many are alive are shown without their name in deadlock reports");
                return;
            }
        }
        BY_HASH.put(System.identityHashCode(lock), new Named(lock, name));
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
