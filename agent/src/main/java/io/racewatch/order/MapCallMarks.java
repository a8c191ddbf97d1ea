package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Marks the calls that a map probe makes on a {@link ConcurrentHashMap} or a
 * {@link ConcurrentSkipListMap} for checked code: the map model records those itself (per key,
 * with its own check-then-act logic), so the hooks inside the map ({@link OrderProbes#keyWriting})
 * never order one checked call after another: if they did, every check-then-act race on a
 * concurrent map would look ordered. A checked call still orders with the calls an unchecked
 * library makes on the same map, both ways.
 *
 * <p>Use: {@code if (!begin(ts, map)) { call } else try { call } finally { end(ts); }}, with the
 * state the probe's own guard returned. Marks nest (a compute function that calls another map):
 * the hooks compare with the innermost one.
 *
 * <p>A call needs no mark when the probe's guard let nothing record ({@code ts} null): the hooks'
 * own guard says the same then (racewatch's own code, an untracked thread, the agent stopped), but
 * for a sampling window that opens during the call. That call's hook then orders it as a library's
 * would: a release by a thread that has recorded nothing in the new window yet (it has been in the
 * call since before it opened) carries none of its window's accesses, and an acquire needs a
 * library's release into the same map's key stripe in the new window. Between windows, a map probe
 * on a concurrent map thus costs one check, not a thread-state look-up and a mark.
 */
public final class MapCallMarks {
    private MapCallMarks() {
    }

    /**
     * Marks {@code map} for the call that follows, made by the thread whose state the probe's guard
     * returned; false (nothing to end) when it is no hooked concurrent map, or {@code ts} is null.
     */
    public static boolean begin(ThreadState ts, Object map) {
        if (ts == null || !(map instanceof ConcurrentHashMap) && !(map instanceof ConcurrentSkipListMap)) {
            return false;
        }
        Object[] marks = ts.modeledMaps;
        int depth = ts.modeledDepth;
        if (marks == null || depth == marks.length) {
            marks = ts.modeledMaps = java.util.Arrays.copyOf(marks == null ? new Object[0] : marks, depth + 4);
        }
        marks[depth] = map;
        ts.modeledDepth = depth + 1;
        return true;
    }

    /** Ends the mark {@link #begin} made (null: none). */
    public static void end(ThreadState ts) {
        if (ts != null && ts.modeledDepth > 0) {
            ts.modeledMaps[--ts.modeledDepth] = null;
        }
    }

    /** Whether the innermost map probe call running on this thread is on {@code map}. */
    static boolean modeled(ThreadState ts, Object map) {
        int depth = ts.modeledDepth;
        return depth > 0 && ts.modeledMaps[depth - 1] == map;
    }
}
