package io.racewatch.maps;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.tasks.TaskRuns;

import java.util.List;

/** Entry point of every map probe: guard, find the map's shadow, record, publish races. */
final class MapTracker {
    private MapTracker() {
    }

    static void access(Object map, Object key, int site, byte op) {
        if (map == null) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            if (ts.taskRun != null || ts.runningTask != null) {
                TaskRuns.touched(ts, MapOps.name(op), site);
            }
            MapShadow shadow = MapShadows.of(ts, map, site);
            if (shadow == null) {
                return;
            }
            if (shadow.ownedBy(ts)) {
                shadow.ownerAccess(ts, key, site, op);
                if (!shadow.isShared()) {
                    return;
                }
                // A second thread switched the map to shared mode meanwhile and may have copied the
                // owner's fields before this access landed in them: record it again, in shared mode.
            }
            shadow.nameFrom(Sites.get(site));
            List<MapRace> races = shadow.sharedAccess(ts, key, site, op);
            if (races != null) {
                MapShadow.check.publish(shadow, races);
            }
        } catch (Throwable failure) {
            Faults.report("map probe", failure);
        } finally {
            ts.exit();
        }
    }
}
