package io.racewatch.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lock names by identity hash, for reports that only know a lock as {@code Class@hash} (the
 * JVM's deadlock search). A hash can collide, so the name is offered as a hint beside it.
 */
public final class LockNames {
    private static final int MAX = 10_000;
    private static final Map<Integer, String> BY_HASH = new ConcurrentHashMap<>();

    private LockNames() {
    }

    static void remember(Object lock, String name) {
        if (BY_HASH.size() < MAX) {
            BY_HASH.put(System.identityHashCode(lock), name);
        }
    }

    /** The site where the thread with this id last asked for a lock (exact, unlike a blocked frame's line), or 0. */
    public static int requestSiteOf(long threadId) {
        return ThreadRegistry.requestSiteOf(threadId);
    }

    /** The racewatch name of the lock with this identity hash, or null. */
    public static String of(int identityHash) {
        return BY_HASH.get(identityHash);
    }
}
