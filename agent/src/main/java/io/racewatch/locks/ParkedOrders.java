package io.racewatch.locks;

import java.util.List;

/**
 * Lock orders seen during one hold of a lock that only its holder's thread has ever taken (a
 * {@link java.util.concurrent.locks.Lock} or {@code StampedLock}: a monitor is always released at
 * the end of its block), kept with the hold until it shows it can matter to other threads. A
 * program can drop such a lock still locked where no other thread can reach it (Derby's cache
 * does, when another thread's entry wins the race to publish): its thread holds it for good, yet
 * nobody can ever wait for it, so orders from it make no deadlock. The orders count once the hold
 * ends by an unlock (the hold had a scope, even across methods) or gives the lock up to a wait;
 * a hold that never ends takes them with it. Up to {@link #MAX} orders per hold, each to another
 * lock, and as many per lock name as an edge keeps object pairs ({@link InstancePairs#MAX}, so that
 * many objects of one name, such as page latches, leave room for other names); past that the hold
 * learns nothing more. Touched by the holder's thread only.
 */
final class ParkedOrders {
    static final int MAX = 16;

    private final LockProfile[] taken = new LockProfile[MAX];
    private final int[] sites = new int[MAX];
    private final String[] threads = new String[MAX];
    private final String[][] stacks = new String[MAX][];
    private final List<?>[] gates = new List<?>[MAX];
    private int size;

    /**
     * True when nothing is to be kept for {@code lock}: an order to it is kept already, or to as many
     * locks of its name as an edge keeps, or the hold keeps no more.
     */
    boolean knows(LockProfile lock) {
        if (size == MAX) {
            return true;
        }
        int sameName = 0;
        for (int i = 0; i < size; i++) {
            if (taken[i] == lock || (taken[i].node == lock.node && ++sameName == InstancePairs.MAX)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the order to {@code lock}, taken at {@code site} with the stack {@code stack}, unless known. */
    void add(LockProfile lock, int site, String thread, String[] stack, List<OrderNode> gateNodes) {
        if (knows(lock)) {
            return;
        }
        taken[size] = lock;
        sites[size] = site;
        threads[size] = thread;
        stacks[size] = stack;
        gates[size] = gateNodes;
        size++;
    }

    /** The hold of {@code held} (taken at {@code heldSite}) counts: its orders go to the detectors. */
    @SuppressWarnings("unchecked")
    void confirm(LockEvents events, LockProfile held, int heldSite) {
        for (int i = 0; i < size; i++) {
            events.heldOrder(held, heldSite, taken[i], sites[i], threads[i], (List<OrderNode>) gates[i], stacks[i]);
        }
    }
}
