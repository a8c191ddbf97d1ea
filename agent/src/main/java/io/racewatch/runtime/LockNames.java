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

    /** The racewatch name of the lock with this identity hash, or null. */
    public static String of(int identityHash) {
        return BY_HASH.get(identityHash);
    }
}
