package io.racewatch.detect;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.report.Severity;
import io.racewatch.locks.LockProfile;
import io.racewatch.locks.OrderEdge;
import io.racewatch.locks.OrderNode;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lock-order}: locks taken in opposite orders by different code paths, a deadlock
 * waiting for the wrong timing, reported even when this run did not deadlock. Each new edge of
 * the lock-order graph (B taken while A held) is checked for a path back (A taken while B
 * held, possibly through other locks). A lock held around every edge of the cycle (a gate)
 * makes it safe. The graph's nodes are lock names ({@link OrderNode}), so it stays as small as
 * the code; two instances of one name are told apart by the instance pair (a transfer between
 * two accounts' monitors in both directions).
 */
public final class LockOrderDetector {
    public static final String LOCK_ORDER = "lock-order";
    private static final int MAX_SEARCH = 256;

    private LockOrderDetector() {
    }

    /** {@code taken} was acquired at {@code site} while {@code held} (taken at {@code heldSites}) were held. */
    public static void onNestedAcquire(LockProfile[] held, int[] heldSites, LockProfile taken, int site, String thread) {
        String[] stack = null;
        for (int k = 0; k < held.length; k++) {
            LockProfile from = held[k];
            if (from == null || from.knowsOrderTo(taken)) {
                continue;
            }
            if (stack == null) {
                stack = Stacks.capture(); // once per new edge: edges are bounded by the code, not by the instances
            }
            List<OrderNode> gates = new ArrayList<>(held.length - 1);
            for (int j = 0; j < held.length; j++) {
                if (j != k && held[j] != null && held[j].node != null) {
                    gates.add(held[j].node);
                }
            }
            OrderEdge edge = new OrderEdge(from.node, taken.node, heldSites[k], site, thread, stack, gates, from, taken);
            if (from.node == taken.node) {
                // Two instances of one name: only the opposite order between these two instances is a cycle.
                if (from.addSameNodeEdge(taken, edge) == edge) {
                    OrderEdge back = taken.sameNodeEdgeTo(from);
                    if (back != null) {
                        report(new ArrayList<>(List.of(edge, back)));
                    }
                }
            } else if (from.node.addEdge(edge) == edge) {
                List<OrderEdge> back = pathBack(taken.node, from.node);
                if (back != null) {
                    back.add(0, edge);
                    report(back);
                }
            }
        }
    }

    /** Edges leading from {@code start} to {@code target}, or null when there is no such path. */
    private static List<OrderEdge> pathBack(OrderNode start, OrderNode target) {
        Map<OrderNode, OrderEdge> cameBy = new HashMap<>();
        Set<OrderNode> seen = new HashSet<>();
        Deque<OrderNode> todo = new ArrayDeque<>();
        todo.add(start);
        seen.add(start);
        while (!todo.isEmpty() && seen.size() < MAX_SEARCH) {
            OrderNode at = todo.poll();
            for (OrderEdge e : at.after().values()) {
                if (!seen.add(e.to())) {
                    continue;
                }
                cameBy.put(e.to(), e);
                if (e.to() == target) {
                    List<OrderEdge> path = new ArrayList<>();
                    for (OrderNode p = target; p != start; p = cameBy.get(p).from()) {
                        path.add(0, cameBy.get(p));
                    }
                    return path;
                }
                todo.add(e.to());
            }
        }
        return null;
    }

    private static void report(List<OrderEdge> cycle) {
        Set<OrderNode> gates = new HashSet<>(cycle.get(0).gates());
        for (OrderEdge e : cycle) {
            gates.retainAll(e.gates());
        }
        if (!gates.isEmpty()) {
            return; // one lock is held around every order: they can never interleave
        }
        int[] sites = new int[cycle.size() * 2];
        List<Access> accesses = new ArrayList<>();
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            OrderEdge e = cycle.get(i);
            sites[2 * i] = e.fromSite();
            sites[2 * i + 1] = e.toSite();
            accesses.add(new Access(e.thread(), "lock " + e.from().name, Sites.get(e.fromSite()), new String[] {Sites.get(e.fromSite()).frame()}, -1));
            accesses.add(new Access(e.thread(), "lock " + e.to().name, Sites.get(e.toSite()), e.stack(), -1));
            orders.append(i == 0 ? "" : "; ").append(e.thread()).append(" took ").append(e.to().name).append(" at ")
                .append(Sites.get(e.toSite()).shortForm()).append(" while holding ").append(e.from().name).append(" (taken at ")
                .append(Sites.get(e.fromSite()).shortForm()).append(')');
        }
        if (Findings.repeat(LOCK_ORDER, sites)) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (OrderEdge e : cycle) {
            names.add(e.from().name);
        }
        String message = "Lock-order inversion between " + String.join(" and ", names) + ": " + orders
            + ". Two threads taking them this way at the same time deadlock. Take them in one global order,"
            + " or hold one gate lock around both.";
        Findings.publish(new Finding(LOCK_ORDER, message, new Finding.Resource("lock", String.join(" <-> ", names),
            cycle.get(0).from().lockClass, null), accesses, List.of(), false, sites, severity(cycle)));
    }

    /**
     * An error when the cycle closes on the very locks seen (each lock the cycle enters is the one it
     * leaves from, as in two threads that take A then B and B then A); a warning when it closes only
     * on names: somewhere a different instance of one name was taken on the way in than on the way
     * out. That is a deadlock only if those roles can meet on one object, and code that nests two
     * objects of one class by design (a connection pool's lock, then a statement pool's lock of the
     * same class) never does. Each edge keeps the instances of its first sighting.
     */
    static Severity severity(List<OrderEdge> cycle) {
        for (int i = 0; i < cycle.size(); i++) {
            OrderEdge in = cycle.get(i);
            OrderEdge out = cycle.get((i + 1) % cycle.size());
            if (in.toLock() != out.fromLock()) {
                return Severity.warning("predicted from lock names: " + in.to().name + " was a different object when"
                    + " taken on the way in than when held on the way out; a deadlock needs one object in both roles");
            }
        }
        return Severity.error("these very locks were taken in opposite orders");
    }
}
