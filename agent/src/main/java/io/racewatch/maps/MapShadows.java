package io.racewatch.maps;

import io.racewatch.locks.Duties;
import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import io.racewatch.runtime.WeakIdentityTable;

/**
 * Finds the {@link MapShadow} of an application map, creating it on first sight. Shadows are held
 * by a weak identity table: a collected map frees its slot, so the cap ({@code maxMaps}) bounds
 * the maps tracked at once and a JVM that makes millions of short-lived maps keeps checking new ones.
 */
final class MapShadows {
    /** Returned (never stored, nor cached) for a map the cap leaves out at this access. */
    private static final Object SKIPPED_FOR_NOW = new Object();
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
            // The watchdog clears the threads' caches (ts.cachedMap here) twice a second: a program that
            // never takes a lock still gets back a map it dropped, and what the map holds.
            Duties.objectsCached();
        } else if (found instanceof MapShadow old && old.window != ts.window()) {
            // Recorded in an earlier sampling window: start afresh, so nothing from it is compared with this one.
            found = TABLE.replace(map, old, new MapShadow(map, ts.tid, ts.window()));
            if (found == null) {
                found = create(ts, map);
            }
        }
        if (found == SKIPPED_FOR_NOW) {
            return null;
        }
        MapShadow shadow = (MapShadow) found;
        if (shadow != null) {
            shadow.nameFrom(Sites.get(site));
        }
        ts.cachedMap = map;
        ts.cachedShadow = shadow;
        return shadow;
    }

    /**
     * A shadow for a map seen for the first time. The cap
     * is on maps tracked at once, not on maps ever seen: collected maps leave the table, and when
     * it is full (of maps not yet collected, most of them garbage already), the oldest map still
     * used by a single thread makes room; maps that two threads share are kept. Only when a
     * stripe of the table holds nothing but shared maps is a new map left out for now
     * (SKIPPED_FOR_NOW): it is tried again at its next access.
     */
    private static Object create(ThreadState ts, Object map) {
        int before = TABLE.size();
        Object put = TABLE.putIfAbsent(map, new MapShadow(map, ts.tid, ts.window()), Tracking.maxMaps, MapShadows::evictable);
        if (before >= Tracking.maxMaps) {
            Limits.hit("tracked maps", Tracking.maxMaps, put == null
                ? "maps created while that many shared maps are alive are not checked until some are collected"
                : "older maps used by one thread only are forgotten to make room (a race on one of them can be missed)");
        }
        return put == null ? SKIPPED_FOR_NOW : put;
    }

    /** A map still used by one thread only can be forgotten: nothing about it is shared yet. */
    private static boolean evictable(Object value) {
        return value instanceof MapShadow m && !m.isShared();
    }

    static int tracked() {
        return TABLE.size();
    }
}
