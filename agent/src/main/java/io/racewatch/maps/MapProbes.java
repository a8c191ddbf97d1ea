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
 * <p>Called from rewritten bytecode only; the last argument is the call-site id. A class rewritten
 * as it loads makes each map call itself, from a method the rewrite adds per call site, so that
 * the call keeps the profile of its own site: it calls the second group below around the call
 * ({@code getEnded}, {@code putBegins}, ..., {@code callEnded}). The first group, which makes the
 * call, serves the classes that cannot get methods (a retransformed class).
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

    // ---- Around a call the rewritten class makes itself (see the class comment) ----

    /**
     * Before a read: the state to pass to its {@code ...Ended} probe, the call marked (see
     * {@link MapCallMarks}; end it with {@link #callEnded}); null for a map read that needs no
     * mark, recorded in one step after the call.
     */
    public static ThreadState readBegins(Map m) {
        return marked(MapTracker.beforeRead(m), m);
    }

    /** After a call {@code ...Begins} returned a state for: the call's mark ends. */
    public static void callEnded(ThreadState ts) {
        MapCallMarks.end(ts);
    }

    public static void getEnded(ThreadState ts, Map m, Object k, Object v, int site) {
        MapTracker.afterRead(ts, m, k, site, MapOps.GET, v == null ? null : WrittenValue.UNKNOWN);
    }

    public static void containsKeyEnded(ThreadState ts, Map m, Object k, boolean v, int site) {
        MapTracker.afterRead(ts, m, k, site, MapOps.CONTAINS_KEY, v ? WrittenValue.UNKNOWN : null);
    }

    public static void getOrDefaultEnded(ThreadState ts, Map m, Object k, Object d, Object v, int site) {
        MapTracker.afterRead(ts, m, k, site, MapOps.GET_OR_DEFAULT, WrittenValue.UNKNOWN);
    }

    /*
     * Writes: recorded before the call. Each returns the state when it marked the call (a
     * concurrent map: end the mark with callEnded however the call ends), else null.
     */

    public static ThreadState putBegins(Map m, Object k, Object v, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.PUT, v), m);
    }

    public static ThreadState removeBegins(Map m, Object k, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.REMOVE, null), m);
    }

    public static ThreadState removeBegins(Map m, Object k, Object v, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.REMOVE_IF_EQUAL), m);
    }

    public static ThreadState clearBegins(Map m, int site) {
        return marked(MapTracker.access(m, null, site, MapOps.CLEAR), m);
    }

    public static ThreadState putAllBegins(Map m, Map other, int site) {
        return marked(MapTracker.access(m, null, site, MapOps.PUT_ALL), m);
    }

    public static ThreadState putIfAbsentBegins(Map m, Object k, Object v, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.PUT_IF_ABSENT, v), m);
    }

    public static ThreadState computeIfAbsentBegins(Map m, Object k, Function f, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.COMPUTE_IF_ABSENT), m);
    }

    public static ThreadState computeIfPresentBegins(Map m, Object k, BiFunction f, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.COMPUTE_IF_PRESENT), m);
    }

    public static ThreadState computeBegins(Map m, Object k, BiFunction f, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.COMPUTE), m);
    }

    public static ThreadState mergeBegins(Map m, Object k, Object v, BiFunction f, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.MERGE), m);
    }

    public static ThreadState replaceBegins(Map m, Object k, Object v, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.REPLACE, v), m);
    }

    public static ThreadState replaceBegins(Map m, Object k, Object expected, Object v, int site) {
        return marked(MapTracker.access(m, k, site, MapOps.REPLACE_IF_EQUAL, v), m);
    }

    /** {@code ts} when the call on {@code m} is marked now, else null (nothing to end). */
    private static ThreadState marked(ThreadState ts, Map m) {
        return MapCallMarks.begin(ts, m) ? ts : null;
    }
}
