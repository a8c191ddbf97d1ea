package io.racewatch.detect;

import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.report.Severity;
import io.racewatch.locks.InstancePairs;
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
    /** Stands, in the sites of a cycle predicted from names only, for that prediction (see {@link #report}). */
    private static final int PREDICTED = -2;

    private LockOrderDetector() {
    }

    /**
     * {@code taken} was acquired at {@code site} while {@code held} (taken at {@code heldSites}) were
     * held; the holds marked in {@code kept} (or none, when it is null) start no edge now, their orders
     * come later if at all ({@link #onHeldOrder}), but they are gates around the others.
     */
    public static void onNestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site,
                                       String thread) {
        String[] stack = null;
        for (int k = 0; k < held.length; k++) {
            LockProfile from = held[k];
            if (from == null || (kept != null && kept[k]) || from.knowsOrderTo(taken)) {
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
            addEdge(from, heldSites[k], taken, site, thread, stack, gates);
        }
    }

    /**
     * An order seen while {@code held} was held by the only thread that ever took it, counted now that
     * the hold ended (an unlock, or a wait that gave the lock up): until then nobody could have waited
     * for {@code held}, and a lock dropped still locked never gets here. {@code gates} and {@code stack}
     * are those of the acquisition of {@code taken}.
     */
    public static void onHeldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread,
                                   List<OrderNode> gates, String[] stack) {
        if (!held.knowsOrderTo(taken)) {
            addEdge(held, heldSite, taken, site, thread, stack, gates);
        }
    }

    /** Adds the edge {@code from} -> {@code taken} (or a new object pair on it) and reports the cycle it closes, if any. */
    private static void addEdge(LockProfile from, int fromSite, LockProfile taken, int site, String thread, String[] stack,
                                List<OrderNode> gates) {
        OrderEdge edge = new OrderEdge(from.node, taken.node, fromSite, site, thread, stack, gates,
            new InstancePairs(from, taken, fromSite, site, thread));
        if (from.node == taken.node) {
            // Two instances of one name: only the opposite order between these two instances is a cycle.
            if (from.addSameNodeEdge(taken, edge) == edge) {
                OrderEdge back = taken.sameNodeEdgeTo(from);
                if (back != null) {
                    report(new ArrayList<>(List.of(edge, back)));
                }
            }
            return;
        }
        OrderEdge known = from.node.addEdge(edge);
        // A new edge, or new objects on a known one: the latter can turn a cycle predicted from names into one on these very locks.
        if (known == edge || (known != null && known.pairs().add(from, taken, fromSite, site, thread))) {
            List<OrderEdge> back = pathBack(taken.node, from.node);
            if (back != null) {
                back.add(0, known);
                report(back);
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

    private static void report(List<OrderEdge> found) {
        List<OrderEdge> cycle = fromLeast(found);
        Set<OrderNode> gates = new HashSet<>(cycle.get(0).gates());
        for (OrderEdge e : cycle) {
            gates.retainAll(e.gates());
        }
        if (!gates.isEmpty()) {
            return; // one lock is held around every order: they can never interleave
        }
        int[] onObjects = pairsOnOneObject(cycle);
        // A prediction from names has a site of its own, so that its confirmation on one object later is a finding too.
        int[] sites = new int[cycle.size() * 2 + (onObjects == null ? 1 : 0)];
        if (onObjects == null) {
            sites[sites.length - 1] = PREDICTED;
        }
        List<Access> accesses = new ArrayList<>();
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            OrderEdge e = cycle.get(i);
            int pair = onObjects == null ? 0 : onObjects[i];
            int fromSite = e.pairs().heldSite(pair);
            int toSite = e.pairs().takenSite(pair);
            String thread = e.pairs().thread(pair);
            sites[2 * i] = fromSite;
            sites[2 * i + 1] = toSite;
            // The stack was captured at the edge's first sighting only.
            String[] stack = pair == 0 ? e.stack() : new String[] {Sites.get(toSite).frame()};
            accesses.add(new Access(thread, "lock " + e.from().name, Sites.get(fromSite), new String[] {Sites.get(fromSite).frame()}, -1));
            accesses.add(new Access(thread, "lock " + e.to().name, Sites.get(toSite), stack, -1));
            orders.append(i == 0 ? "" : "; ").append(thread).append(" took ").append(e.to().name).append(" at ")
                .append(Sites.get(toSite).shortForm()).append(" while holding ").append(e.from().name).append(" (taken at ")
                .append(Sites.get(fromSite).shortForm()).append(')');
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
            cycle.get(0).from().lockClass, null), accesses, List.of(), false, sites, severity(cycle, onObjects)));
    }

    /**
     * The cycle turned to start at its least lock name (then site): the same cycle closed from another
     * of its edges (new objects on a known edge) is then the same finding, not one per rotation.
     */
    private static List<OrderEdge> fromLeast(List<OrderEdge> cycle) {
        int least = 0;
        for (int i = 1; i < cycle.size(); i++) {
            OrderEdge e = cycle.get(i);
            OrderEdge l = cycle.get(least);
            int byName = e.from().name.compareTo(l.from().name);
            if (byName < 0 || (byName == 0 && e.fromSite() < l.fromSite())) {
                least = i;
            }
        }
        List<OrderEdge> turned = new ArrayList<>(cycle.subList(least, cycle.size()));
        turned.addAll(cycle.subList(0, least));
        return turned;
    }

    /**
     * An error when the cycle closes on the very locks seen (each lock the cycle enters is the one it
     * leaves from, as in two threads that take A then B and B then A); a warning when it closes only
     * on names: different instances of one name were taken on the way in and held on the way out.
     * That is a deadlock only if those roles can meet on one object, and code that nests two
     * objects of one class by design (a connection pool's lock, then a statement pool's lock of the
     * same class) never does. Each edge keeps a few object pairs ({@link InstancePairs}).
     */
    static Severity severity(List<OrderEdge> cycle, int[] onObjects) {
        if (onObjects != null) {
            return Severity.error("these very locks were taken in opposite orders");
        }
        for (int i = 0; i < cycle.size(); i++) {
            OrderEdge in = cycle.get(i);
            OrderEdge out = cycle.get((i + 1) % cycle.size());
            if (in.pairs().taken(0) != out.pairs().held(0)) {
                return Severity.warning("predicted from lock names: " + in.to().name + " was a different object when"
                    + " taken on the way in than when held on the way out; a deadlock needs one object in both roles");
            }
        }
        return Severity.warning("predicted from lock names");
    }

    /**
     * For each edge of the cycle, the index of an object pair such that every lock taken on the way
     * in is the very object held on the way out; null when the kept pairs allow none.
     */
    static int[] pairsOnOneObject(List<OrderEdge> cycle) {
        int[] chosen = new int[cycle.size()];
        InstancePairs first = cycle.get(0).pairs();
        for (int p = 0; p < first.size(); p++) {
            chosen[0] = p;
            if (extend(cycle, chosen, 1)) {
                return chosen;
            }
        }
        return null;
    }

    private static boolean extend(List<OrderEdge> cycle, int[] chosen, int i) {
        InstancePairs previous = cycle.get(i - 1).pairs();
        LockProfile entered = previous.taken(chosen[i - 1]);
        if (i == cycle.size()) {
            return entered == cycle.get(0).pairs().held(chosen[0]);
        }
        InstancePairs here = cycle.get(i).pairs();
        for (int p = 0; p < here.size(); p++) {
            if (here.held(p) == entered) {
                chosen[i] = p;
                if (extend(cycle, chosen, i + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
