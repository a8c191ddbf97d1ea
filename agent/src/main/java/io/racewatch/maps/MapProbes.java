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
 * map leave it to this model. Each probe looks its thread's state up once: the guard that records
 * (before the call for a write, {@link MapTracker#beforeRead} for a read of a concurrent map) also
 * returns the state the mark needs. The try/finally is written out per probe so that the JIT
 * inlines each whole.
 *
 * <p>Called from rewritten bytecode only; the last argument is the call-site id.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapProbes {
    private MapProbes() {
    }

    public static Object get(Map m, Object k, int site) {
        ThreadState ts = MapTracker.beforeRead(m);
        Object v;
        if (!MapCallMarks.begin(ts, m)) {
            v = m.get(k);
        } else {
            try {
                v = m.get(k);
            } finally {
                MapCallMarks.end(ts);
            }
        }
        MapTracker.afterRead(ts, m, k, site, MapOps.GET, v == null ? null : WrittenValue.UNKNOWN);
        return v;
    }

    public static boolean containsKey(Map m, Object k, int site) {
        ThreadState ts = MapTracker.beforeRead(m);
        boolean v;
        if (!MapCallMarks.begin(ts, m)) {
            v = m.containsKey(k);
        } else {
            try {
                v = m.containsKey(k);
            } finally {
                MapCallMarks.end(ts);
            }
        }
        MapTracker.afterRead(ts, m, k, site, MapOps.CONTAINS_KEY, v ? WrittenValue.UNKNOWN : null);
        return v;
    }

    public static Object getOrDefault(Map m, Object k, Object d, int site) {
        ThreadState ts = MapTracker.beforeRead(m);
        Object v;
        if (!MapCallMarks.begin(ts, m)) {
            v = m.getOrDefault(k, d);
        } else {
            try {
                v = m.getOrDefault(k, d);
            } finally {
                MapCallMarks.end(ts);
            }
        }
        MapTracker.afterRead(ts, m, k, site, MapOps.GET_OR_DEFAULT, WrittenValue.UNKNOWN);
        return v;
    }

    public static Object put(Map m, Object k, Object v, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.PUT, v);
        if (!MapCallMarks.begin(ts, m)) {
            return m.put(k, v);
        }
        try {
            return m.put(k, v);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object remove(Map m, Object k, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.REMOVE, null);
        if (!MapCallMarks.begin(ts, m)) {
            return m.remove(k);
        }
        try {
            return m.remove(k);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static boolean remove(Map m, Object k, Object v, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.REMOVE_IF_EQUAL);
        if (!MapCallMarks.begin(ts, m)) {
            return m.remove(k, v);
        }
        try {
            return m.remove(k, v);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static void clear(Map m, int site) {
        ThreadState ts = MapTracker.access(m, null, site, MapOps.CLEAR);
        if (!MapCallMarks.begin(ts, m)) {
            m.clear();
            return;
        }
        try {
            m.clear();
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static void putAll(Map m, Map other, int site) {
        ThreadState ts = MapTracker.access(m, null, site, MapOps.PUT_ALL);
        if (!MapCallMarks.begin(ts, m)) {
            m.putAll(other);
            return;
        }
        try {
            m.putAll(other);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object putIfAbsent(Map m, Object k, Object v, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.PUT_IF_ABSENT, v);
        if (!MapCallMarks.begin(ts, m)) {
            return m.putIfAbsent(k, v);
        }
        try {
            return m.putIfAbsent(k, v);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object computeIfAbsent(Map m, Object k, Function f, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.COMPUTE_IF_ABSENT);
        if (!MapCallMarks.begin(ts, m)) {
            return m.computeIfAbsent(k, f);
        }
        try {
            return m.computeIfAbsent(k, f);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object computeIfPresent(Map m, Object k, BiFunction f, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.COMPUTE_IF_PRESENT);
        if (!MapCallMarks.begin(ts, m)) {
            return m.computeIfPresent(k, f);
        }
        try {
            return m.computeIfPresent(k, f);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object compute(Map m, Object k, BiFunction f, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.COMPUTE);
        if (!MapCallMarks.begin(ts, m)) {
            return m.compute(k, f);
        }
        try {
            return m.compute(k, f);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object merge(Map m, Object k, Object v, BiFunction f, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.MERGE);
        if (!MapCallMarks.begin(ts, m)) {
            return m.merge(k, v, f);
        }
        try {
            return m.merge(k, v, f);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static Object replace(Map m, Object k, Object v, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.REPLACE, v);
        if (!MapCallMarks.begin(ts, m)) {
            return m.replace(k, v);
        }
        try {
            return m.replace(k, v);
        } finally {
            MapCallMarks.end(ts);
        }
    }

    public static boolean replace(Map m, Object k, Object expected, Object v, int site) {
        ThreadState ts = MapTracker.access(m, k, site, MapOps.REPLACE_IF_EQUAL, v);
        if (!MapCallMarks.begin(ts, m)) {
            return m.replace(k, expected, v);
        }
        try {
            return m.replace(k, expected, v);
        } finally {
            MapCallMarks.end(ts);
        }
    }
}
