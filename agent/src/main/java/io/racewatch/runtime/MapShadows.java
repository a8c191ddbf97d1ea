package io.racewatch.runtime;

/** Finds the {@link MapShadow} of an application map, creating it on first sight. */
final class MapShadows {
    /** Stands for a map left out by sampling or by the cap: probes skip it. */
    private static final Object SKIPPED = new Object();
    private static final WeakIdentityTable<Object> TABLE = new WeakIdentityTable<>();

    private MapShadows() {
    }

    /** The shadow of {@code map}, or null when it is not tracked. */
    static MapShadow of(ThreadState ts, Object map, int site) {
        if (ts.cachedMap == map) {
            return ts.cachedShadow;
        }
        Object found = TABLE.get(map);
        if (found == null) {
            found = create(ts, map);
        }
        MapShadow shadow = found == SKIPPED ? null : (MapShadow) found;
        if (shadow != null) {
            shadow.nameFrom(Sites.get(site));
        }
        ts.cachedMap = map;
        ts.cachedShadow = shadow;
        return shadow;
    }

    private static Object create(ThreadState ts, Object map) {
        Object value;
        if (Tracking.sampleOf1024 < 1024 && (System.identityHashCode(map) & 1023) >= Tracking.sampleOf1024) {
            value = SKIPPED;
        } else if (TABLE.size() >= Tracking.maxMaps) {
            Limits.hit("tracked maps", Tracking.maxMaps, "maps created after it are not checked");
            value = SKIPPED;
        } else {
            value = new MapShadow(map, ts.tid);
        }
        return TABLE.putIfAbsent(map, value);
    }

    static int tracked() {
        return TABLE.size();
    }
}
