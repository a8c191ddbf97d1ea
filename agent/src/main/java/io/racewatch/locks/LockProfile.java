package io.racewatch.locks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One lock instance as racewatch sees it: its name and statistics row, who holds it now (so a
 * waiter can charge its wait to the holder), and the locks taken while holding it (the edges of
 * the lock-order graph).
 */
public final class LockProfile {
    public final String name;
    public final String lockClass;
    final LockStats stats;
    // Who holds the lock now. Plain fields: written by the holder inside the lock, read by
    // waiters without it; a stale read only misnames who caused one wait.
    String holderThread;
    int holderSite;
    private volatile Map<LockProfile, OrderEdge> after;

    public LockProfile(String name, String lockClass) {
        this.name = name;
        this.lockClass = lockClass;
        this.stats = LockStats.named(name, lockClass);
    }

    /** Edges to locks taken while this one was held; empty map until the first. */
    public Map<LockProfile, OrderEdge> after() {
        Map<LockProfile, OrderEdge> a = after;
        return a == null ? Map.of() : a;
    }

    /** Adds the edge unless one to the same lock exists; returns the edge now in place. */
    public OrderEdge addEdge(OrderEdge edge) {
        Map<LockProfile, OrderEdge> a = after;
        if (a == null) {
            synchronized (this) {
                if (after == null) {
                    after = new ConcurrentHashMap<>();
                }
                a = after;
            }
        }
        OrderEdge known = a.putIfAbsent(edge.to(), edge);
        return known == null ? edge : known;
    }

    @Override
    public String toString() {
        return name;
    }
}
