package io.racewatch.locks;

import io.racewatch.order.SyncVar;
import io.racewatch.order.SyncVars;

import jdk.internal.vm.annotation.DontInline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One lock instance as racewatch sees it: its name and statistics row, who holds it now (so a
 * waiter can charge its wait to the holder), and its node of the lock-order graph. Orders
 * between two instances of one node (two accounts' locks, both {@code Account.this}) are kept
 * here, per instance pair, since the node alone cannot tell them apart.
 */
public final class LockProfile {
    public final String name;
    public final String lockClass;
    final LockStats stats;
    /** Its node of the lock-order graph; null past the node cap. */
    public final OrderNode node;
    // Who holds the lock now. Plain fields: written by the holder inside the lock, read by
    // waiters without it; a stale read only misnames who caused one wait. The name stays after
    // the hold ends (only the flag is cleared): a reference stored into this long-lived object
    // costs a GC write barrier (with G1 a fence when it crosses regions), and a lock taken again
    // and again by one thread would pay it twice per hold.
    private String holderThread;
    int holderSite;
    private boolean held;
    /**
     * For a lock that can be dropped still locked (not a monitor): the {@link HeldLocks#owner} of the
     * only thread that has taken it, {@link #SHARED} once another did, 0 before the first hold. Plain:
     * written at acquisitions; a stale read only keeps one hold's orders until it ends ({@link ParkedOrders}).
     */
    private long soleHolder;
    private static final long SHARED = -1;
    /** Edges to other instances of the same node taken while this one was held; null until the first. */
    private volatile Map<LockProfile, OrderEdge> sameNodeAfter;

    /**
     * The profile of the lock behind {@code var}, made on its first acquisition and named after the
     * first site that knows its field. Made under the var's monitor: one profile per lock.
     */
    public static LockProfile of(SyncVar var, Object lock, int site) {
        Object p = var.lockData();
        return p != null ? (LockProfile) p : made(var, lock, site);
    }

    /**
     * The profile made on the lock's first acquisition. Out of line: inlined, the naming and the
     * monitor made each acquisition probe's compiled body larger (the cache workload takes most of
     * its per-entry locks once, so this path is warm and the JIT compiled it in).
     */
    @DontInline
    private static LockProfile made(SyncVar var, Object lock, int site) {
        synchronized (var) {
            Object p = var.lockData();
            if (p == null) {
                LockProfile made = new LockProfile(LockNames.of(lock, site), lock);
                var.setLockData(made);
                p = made;
            }
            return (LockProfile) p;
        }
    }

    /** The profile of the lock behind {@code var}, or null when it was never acquired as a lock. */
    public static LockProfile ofOrNull(SyncVar var) {
        return (LockProfile) var.lockData();
    }

    /**
     * The name of the live lock with this identity hash and class, or null: looked up in the
     * table of sync vars itself, so naming keeps no table of its own and has no cap.
     */
    public static String nameOf(int identityHash, String className) {
        SyncVar var = SyncVars.findByIdentityHash(identityHash, className);
        LockProfile p = var == null ? null : ofOrNull(var);
        return p == null ? null : p.name;
    }

    /**
     * How the lock's own probes make happens-before edges ({@link LockTracker#edgesOf}), worked out
     * once for the class of the lock the profile was made for ({@code edgesFor}): objects that share
     * one var (a read-write lock and its halves) can be of other classes, and work it out each time.
     */
    final Class<?> edgesFor;
    final byte edges;

    public LockProfile(String name, String lockClass) {
        this(name, lockClass, null, LockTracker.UNKNOWN);
    }

    /** A profile for {@code lock}, named as its site names it, its edge kind worked out now. */
    LockProfile(LockNames.Named named, Object lock) {
        this.edgesFor = lock.getClass();
        this.edges = LockTracker.edgesOf(lock);
        this.name = named.name();
        this.lockClass = named.lockClass();
        this.stats = named.stats();
        this.node = named.node();
    }

    private LockProfile(String name, String lockClass, Class<?> edgesFor, byte edges) {
        this.edgesFor = edgesFor;
        this.edges = edges;
        this.name = name;
        this.lockClass = lockClass;
        this.stats = LockStats.named(name, lockClass);
        this.node = OrderNode.named(name, lockClass);
    }

    /** True for a lock a program can drop still locked: any but a monitor, which is released at the end of its block. */
    boolean droppable() {
        return edges != LockTracker.EXCLUSIVE;
    }

    /** A hold (or a hold segment after a wait) begins, by the thread named {@code thread}, at {@code site}. */
    void holdBegins(String thread, int site) {
        if (holderThread != thread) {
            holderThread = thread;
        }
        holderSite = site;
        held = true;
    }

    /** The hold (segment) ends: nobody holds the lock as far as waiters are told. */
    void holdEnds() {
        held = false;
    }

    /** The name of the thread holding the lock now, or null when it is free. */
    String holder() {
        return held ? holderThread : null;
    }

    /** Notes a hold by the thread whose held set is {@code owner} ({@link HeldLocks#owner}). */
    void heldBy(long owner) {
        long sole = soleHolder;
        if (sole != owner && sole != SHARED) {
            soleHolder = sole == 0 ? owner : SHARED;
        }
    }

    /** True when no thread but {@code owner}'s has ever taken this lock, as far as {@link #heldBy} was told. */
    boolean onlyEverHeldBy(long owner) {
        return soleHolder == owner;
    }

    /**
     * True when taking {@code taken} while holding this lock adds nothing new to the lock-order
     * graph: the same lock, an order already known for these two objects (or for enough pairs of
     * objects of those names, see {@link InstancePairs}), a lock left out by a cap. Allocates nothing.
     */
    public boolean knowsOrderTo(LockProfile taken) {
        if (taken == this || node == null || taken.node == null || OrderNode.edgesFull()) {
            return true;
        }
        if (node != taken.node) {
            OrderEdge edge = node.after().get(taken.node);
            return edge != null && edge.pairs().knows(this, taken);
        }
        Map<LockProfile, OrderEdge> same = sameNodeAfter;
        return same != null && same.containsKey(taken);
    }

    /** The edge from this instance to another instance of the same node, or null. */
    public OrderEdge sameNodeEdgeTo(LockProfile taken) {
        Map<LockProfile, OrderEdge> same = sameNodeAfter;
        return same == null ? null : same.get(taken);
    }

    /** Adds an edge to another instance of the same node unless known; returns the edge in place, or null past the cap. */
    public OrderEdge addSameNodeEdge(LockProfile taken, OrderEdge edge) {
        Map<LockProfile, OrderEdge> same = sameNodeAfter;
        if (same == null) {
            synchronized (this) {
                if (sameNodeAfter == null) {
                    sameNodeAfter = new ConcurrentHashMap<>(4);
                }
                same = sameNodeAfter;
            }
        }
        OrderEdge known = same.get(taken);
        if (known != null) {
            return known;
        }
        if (!OrderNode.takeEdgeSlot()) {
            return null;
        }
        known = same.putIfAbsent(taken, edge);
        return known == null ? edge : known;
    }

    @Override
    public String toString() {
        return name;
    }
}
