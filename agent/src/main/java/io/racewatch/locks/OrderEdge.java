package io.racewatch.locks;

import java.util.List;

/**
 * "A lock of {@code to} was taken while a lock of {@code from} was held": an edge of the
 * lock-order graph, with where it first happened. Between two locks of one node (two instances
 * that share a name) the edge is kept per instance pair instead, so {@code from == to} there.
 *
 * @param from     the node of the lock held
 * @param to       the node of the lock taken
 * @param fromSite where {@code from} was taken
 * @param toSite   where {@code to} was taken
 * @param thread   the thread that did it first
 * @param stack    its stack when taking {@code to}, captured once, when the edge was new
 * @param gates    the nodes of the other locks it held meanwhile: a lock held around both orders makes a cycle safe
 * @param pairs    the lock objects (their profiles: the locks themselves are not kept) seen on this edge,
 *                 the first sighting's first
 */
public record OrderEdge(OrderNode from, OrderNode to, int fromSite, int toSite, String thread, String[] stack,
                        List<OrderNode> gates, InstancePairs pairs) {
}
