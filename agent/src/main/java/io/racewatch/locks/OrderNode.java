package io.racewatch.locks;

import io.racewatch.runtime.Limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The locks that share a name and class (the field that holds them, or the site that first
 * takes them), as one node of the lock-order graph, the way a lock-class validator groups
 * locks. Keying the graph by name, not by instance, bounds it by the size of the code: a cache
 * that takes a per-entry lock under its eviction lock adds one edge, not one per entry.
 *
 * <p>Nodes and edges are capped; past a cap, new ones are not recorded (said once).
 */
public final class OrderNode {
    private static final int MAX_NODES = 4_000;
    private static final int MAX_EDGES = 20_000;
    private static final Map<String, OrderNode> BY_NAME = new ConcurrentHashMap<>();
    private static final AtomicInteger EDGES = new AtomicInteger();
    private static volatile boolean edgesFull;

    public final String name;
    public final String lockClass;
    private final Map<OrderNode, OrderEdge> after = new ConcurrentHashMap<>(4);

    private OrderNode(String name, String lockClass) {
        this.name = name;
        this.lockClass = lockClass;
    }

    /** The node of the locks with this name and class, or null past the cap (such locks add no edges). */
    static OrderNode named(String name, String lockClass) {
        String key = name + " " + lockClass;
        OrderNode n = BY_NAME.get(key);
        if (n != null) {
            return n;
        }
        if (BY_NAME.size() >= MAX_NODES) {
            Limits.hit("lock-order nodes", MAX_NODES, "locks with further names are left out of lock-order checks");
            return null;
        }
        return BY_NAME.computeIfAbsent(key, k -> new OrderNode(name, lockClass));
    }

    /** Edges to the nodes of locks taken while a lock of this node was held. */
    public Map<OrderNode, OrderEdge> after() {
        return after;
    }

    /** Adds the edge unless one to the same node exists; returns the edge in place, or null past the cap. */
    public OrderEdge addEdge(OrderEdge edge) {
        OrderEdge known = after.get(edge.to());
        if (known != null) {
            return known;
        }
        if (!takeEdgeSlot()) {
            return null;
        }
        known = after.putIfAbsent(edge.to(), edge);
        return known == null ? edge : known;
    }

    /** Counts one more edge against the cap; false (and said once) when the cap is reached. */
    static boolean takeEdgeSlot() {
        if (EDGES.incrementAndGet() > MAX_EDGES) {
            edgesFull = true;
            Limits.hit("lock-order edges", MAX_EDGES, "new lock orders are not checked");
            return false;
        }
        return true;
    }

    /** True once the edge cap is reached: callers stop looking for new edges. */
    static boolean edgesFull() {
        return edgesFull;
    }

    @Override
    public String toString() {
        return name;
    }
}
