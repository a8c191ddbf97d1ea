package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Marks the calls that a map probe makes on a {@link ConcurrentHashMap} or a
 * {@link ConcurrentSkipListMap} for checked code: the map
 * model records those itself (per key, with its own check-then-act logic), so the hooks inside
 * the map ({@link OrderProbes#keyWriting}) never order one checked call after another: if they
 * did, every check-then-act race on a concurrent map would look ordered. A checked call still
 * orders with the calls an unchecked library makes on the same map, both ways.
 *
 * <p>Use: {@code ThreadState mark = begin(map); try { call } finally { end(mark); }}. Marks nest
 * (a compute function that calls another map): the hooks compare with the innermost one.
 */
public final class MapCallMarks {
    private MapCallMarks() {
    }

    /** Marks {@code map} for the call that follows; null (nothing to end) when it is no hooked concurrent map. */
    public static ThreadState begin(Object map) {
        if (!(map instanceof ConcurrentHashMap) && !(map instanceof ConcurrentSkipListMap)) {
            return null;
        }
        ThreadState ts = ThreadState.current();
        Object[] marks = ts.modeledMaps;
        int depth = ts.modeledDepth;
        if (marks == null || depth == marks.length) {
            marks = ts.modeledMaps = java.util.Arrays.copyOf(marks == null ? new Object[0] : marks, depth + 4);
        }
        marks[depth] = map;
        ts.modeledDepth = depth + 1;
        return ts;
    }

    /** Ends the mark {@link #begin} returned (null: none). */
    public static void end(ThreadState mark) {
        if (mark != null && mark.modeledDepth > 0) {
            mark.modeledMaps[--mark.modeledDepth] = null;
        }
    }

    /** Whether the innermost map probe call running on this thread is on {@code map}. */
    static boolean modeled(ThreadState ts, Object map) {
        int depth = ts.modeledDepth;
        return depth > 0 && ts.modeledMaps[depth - 1] == map;
    }
}
