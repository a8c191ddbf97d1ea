package io.racewatch.maps;

import io.racewatch.order.MapCallMarks;
import io.racewatch.runtime.ThreadState;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Probes that replace map call sites in application code. Each performs the original call on
 * the same receiver (so virtual dispatch is unchanged) and records it: reads after the call, so
 * that happens-before carried by a concurrent map is acquired only once the value is seen;
 * writes before it, so that it is published before another thread can see the value.
 *
 * <p>The real call is marked ({@link MapCallMarks}): on a ConcurrentHashMap, the hooks inside the
 * map leave it to this model.
 *
 * <p>Called from rewritten bytecode only; the last argument is the call-site id.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapProbes {
    private MapProbes() {
    }

    public static Object get(Map m, Object k, int site) {
        Object v;
        ThreadState mark = MapCallMarks.begin(m);
        try {
            v = m.get(k);
        } finally {
            MapCallMarks.end(mark);
        }
        MapTracker.access(m, k, site, MapOps.GET, v == null ? null : WrittenValue.UNKNOWN);
        return v;
    }

    public static boolean containsKey(Map m, Object k, int site) {
        boolean v;
        ThreadState mark = MapCallMarks.begin(m);
        try {
            v = m.containsKey(k);
        } finally {
            MapCallMarks.end(mark);
        }
        MapTracker.access(m, k, site, MapOps.CONTAINS_KEY, v ? WrittenValue.UNKNOWN : null);
        return v;
    }

    public static Object getOrDefault(Map m, Object k, Object d, int site) {
        Object v;
        ThreadState mark = MapCallMarks.begin(m);
        try {
            v = m.getOrDefault(k, d);
        } finally {
            MapCallMarks.end(mark);
        }
        MapTracker.access(m, k, site, MapOps.GET_OR_DEFAULT);
        return v;
    }

    public static Object put(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.PUT, v);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.put(k, v);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object remove(Map m, Object k, int site) {
        MapTracker.access(m, k, site, MapOps.REMOVE, null);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.remove(k);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static boolean remove(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REMOVE_IF_EQUAL);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.remove(k, v);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static void clear(Map m, int site) {
        MapTracker.access(m, null, site, MapOps.CLEAR);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            m.clear();
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static void putAll(Map m, Map other, int site) {
        MapTracker.access(m, null, site, MapOps.PUT_ALL);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            m.putAll(other);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object putIfAbsent(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.PUT_IF_ABSENT, v);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.putIfAbsent(k, v);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object computeIfAbsent(Map m, Object k, Function f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE_IF_ABSENT);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.computeIfAbsent(k, f);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object computeIfPresent(Map m, Object k, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE_IF_PRESENT);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.computeIfPresent(k, f);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object compute(Map m, Object k, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.compute(k, f);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object merge(Map m, Object k, Object v, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.MERGE);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.merge(k, v, f);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static Object replace(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REPLACE, v);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.replace(k, v);
        } finally {
            MapCallMarks.end(mark);
        }
    }

    public static boolean replace(Map m, Object k, Object expected, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REPLACE_IF_EQUAL, v);
        ThreadState mark = MapCallMarks.begin(m);
        try {
            return m.replace(k, expected, v);
        } finally {
            MapCallMarks.end(mark);
        }
    }
}
