package io.racewatch.locks;

/**
 * The lock objects seen on one edge of the lock-order graph: up to {@link #MAX} pairs (the lock
 * held, the lock taken), each with where and by whom. The graph's nodes are names, so one edge
 * covers every pair of objects with those names; a cycle is a deadlock risk on the very objects
 * only if some pair of each edge meets the next one on one object. Kept to a few pairs: a lock
 * pair seen after the slots are full adds nothing new to check.
 */
public final class InstancePairs {
    /** Pairs kept per edge. */
    public static final int MAX = 4;

    private final LockProfile[] held = new LockProfile[MAX];
    private final LockProfile[] taken = new LockProfile[MAX];
    private final int[] heldSites = new int[MAX];
    private final int[] takenSites = new int[MAX];
    private final String[] threads = new String[MAX];
    /** Slots filled; a slot is written before the count that publishes it. */
    private volatile int count;

    public InstancePairs(LockProfile heldLock, LockProfile takenLock, int heldSite, int takenSite, String thread) {
        set(0, heldLock, takenLock, heldSite, takenSite, thread);
        count = 1;
    }

    /** True when nothing is to be learnt from this pair: it is kept, or the slots are full. Allocates nothing. */
    public boolean knows(LockProfile heldLock, LockProfile takenLock) {
        int n = count;
        if (n == MAX) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (held[i] == heldLock && taken[i] == takenLock) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the pair unless it is known or the slots are full; true when it was added. */
    public synchronized boolean add(LockProfile heldLock, LockProfile takenLock, int heldSite, int takenSite, String thread) {
        if (knows(heldLock, takenLock)) {
            return false;
        }
        int n = count;
        set(n, heldLock, takenLock, heldSite, takenSite, thread);
        count = n + 1;
        return true;
    }

    private void set(int i, LockProfile heldLock, LockProfile takenLock, int heldSite, int takenSite, String thread) {
        held[i] = heldLock;
        taken[i] = takenLock;
        heldSites[i] = heldSite;
        takenSites[i] = takenSite;
        threads[i] = thread;
    }

    public int size() {
        return count;
    }

    public LockProfile held(int i) {
        return held[i];
    }

    public LockProfile taken(int i) {
        return taken[i];
    }

    public int heldSite(int i) {
        return heldSites[i];
    }

    public int takenSite(int i) {
        return takenSites[i];
    }

    public String thread(int i) {
        return threads[i];
    }
}
