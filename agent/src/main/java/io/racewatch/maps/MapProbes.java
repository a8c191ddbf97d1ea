package io.racewatch.maps;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Probes that replace map call sites in application code. Each performs the original call on
 * the same receiver (so virtual dispatch is unchanged) and records it: reads after the call, so
 * that happens-before carried by a concurrent map is acquired only once the value is seen;
 * writes before it, so that it is published before another thread can see the value.
 *
 * <p>Called from rewritten bytecode only; the last argument is the call-site id.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapProbes {
    private MapProbes() {
    }

    public static Object get(Map m, Object k, int site) {
        Object v = m.get(k);
        MapTracker.access(m, k, site, MapOps.GET);
        return v;
    }

    public static boolean containsKey(Map m, Object k, int site) {
        boolean v = m.containsKey(k);
        MapTracker.access(m, k, site, MapOps.CONTAINS_KEY);
        return v;
    }

    public static Object getOrDefault(Map m, Object k, Object d, int site) {
        Object v = m.getOrDefault(k, d);
        MapTracker.access(m, k, site, MapOps.GET_OR_DEFAULT);
        return v;
    }

    public static Object put(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.PUT);
        return m.put(k, v);
    }

    public static Object remove(Map m, Object k, int site) {
        MapTracker.access(m, k, site, MapOps.REMOVE);
        return m.remove(k);
    }

    public static boolean remove(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REMOVE_IF_EQUAL);
        return m.remove(k, v);
    }

    public static void clear(Map m, int site) {
        MapTracker.access(m, null, site, MapOps.CLEAR);
        m.clear();
    }

    public static void putAll(Map m, Map other, int site) {
        MapTracker.access(m, null, site, MapOps.PUT_ALL);
        m.putAll(other);
    }

    public static Object putIfAbsent(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.PUT_IF_ABSENT);
        return m.putIfAbsent(k, v);
    }

    public static Object computeIfAbsent(Map m, Object k, Function f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE_IF_ABSENT);
        return m.computeIfAbsent(k, f);
    }

    public static Object computeIfPresent(Map m, Object k, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE_IF_PRESENT);
        return m.computeIfPresent(k, f);
    }

    public static Object compute(Map m, Object k, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.COMPUTE);
        return m.compute(k, f);
    }

    public static Object merge(Map m, Object k, Object v, BiFunction f, int site) {
        MapTracker.access(m, k, site, MapOps.MERGE);
        return m.merge(k, v, f);
    }

    public static Object replace(Map m, Object k, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REPLACE);
        return m.replace(k, v);
    }

    public static boolean replace(Map m, Object k, Object expected, Object v, int site) {
        MapTracker.access(m, k, site, MapOps.REPLACE_IF_EQUAL);
        return m.replace(k, expected, v);
    }
}
