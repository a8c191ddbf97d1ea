package io.racewatch.maps;

import io.racewatch.runtime.SamplingWindows;
import jdk.internal.vm.annotation.DontInline;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.tasks.TaskRuns;

import java.util.List;

/** Entry point of every map probe: guard, find the map's shadow, record, publish races. */
final class MapTracker {
    private MapTracker() {
    }

    static ThreadState access(Object map, Object key, int site, byte op) {
        return access(map, key, site, op, WrittenValue.UNKNOWN);
    }

    /**
     * An access with what it saw or stored: for a write the value ({@code null} for a removal), kept to
     * tell a duplicate computation from a lost update; for a read {@code null} when it found the key
     * absent (the check of a check-then-create), {@link WrittenValue#UNKNOWN} otherwise. Returns the
     * thread's state when the probe could record (for the call's mark, {@link io.racewatch.order.MapCallMarks}), else null.
     */
    static ThreadState access(Object map, Object key, int site, byte op, Object value) {
        int w = SamplingWindows.state(); // read once: the guard takes it as it is
        if (map == null || (w & 1) == 0) {
            return null;
        }
        return SamplingWindows.sampling() ? accessInWindow(w, map, key, site, op, value) : accessRecorded(w, map, key, site, op, value);
    }

    /**
     * {@link #access} inside a sampling window. Not inlined: the probes' profile is shared by
     * every call site, and between windows the application's code needs only the check above
     * (see {@code SyncProbes}).
     */
    @DontInline
    private static ThreadState accessInWindow(int w, Object map, Object key, int site, byte op, Object value) {
        return accessRecorded(w, map, key, site, op, value);
    }

    private static ThreadState accessRecorded(int w, Object map, Object key, int site, byte op, Object value) {
        ThreadState ts = ThreadState.enterOpen(w);
        if (ts == null) {
            return null;
        }
        recordEntered(ts, map, key, site, op, value);
        return ts;
    }

    /**
     * The state for a probe that reads a concurrent map: looked up before the call, for its mark, and
     * used again by {@link #afterRead}. Null for any other map (its read is recorded in one step after
     * the call) and when nothing may be recorded now.
     */
    static ThreadState beforeRead(Object map) {
        return map instanceof java.util.concurrent.ConcurrentHashMap ? ThreadState.probing() : null;
    }

    /** Records a read after its call, with the state {@link #beforeRead} returned (null: looked up now). */
    static void afterRead(ThreadState ts, Object map, Object key, int site, byte op, Object value) {
        if (ts == null) {
            access(map, key, site, op, value);
        } else {
            if (SamplingWindows.sampling()) {
                readInWindow(ts, map, key, site, op, value);
            } else {
                readRecorded(ts, map, key, site, op, value);
            }
        }
    }

    /** {@link #afterRead} for a concurrent map read that began in a window; not inlined (see {@link #accessInWindow}). */
    @DontInline
    private static void readInWindow(ThreadState ts, Object map, Object key, int site, byte op, Object value) {
        readRecorded(ts, map, key, site, op, value);
    }

    private static void readRecorded(ThreadState ts, Object map, Object key, int site, byte op, Object value) {
        if (ts.reenter()) {
            recordEntered(ts, map, key, site, op, value);
        }
    }

    /** Records an access inside the probe section {@code ts} entered, and ends it. */
    private static void recordEntered(ThreadState ts, Object map, Object key, int site, byte op, Object value) {
        try {
            // The owner's access of the map it used last, outside a task: a few field writes. Kept
            // small so that the JIT inlines it into each probe; everything else is a call away.
            MapShadow last = ts.cachedMap == map ? ts.cachedShadow : null;
            if (last == null || ts.taskRun != null || ts.runningTask != null || !last.ownerQuick(ts, key, site, op, value)) {
                record(ts, map, key, site, op, value);
            }
        } catch (Throwable failure) {
            Faults.report("map probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * Everything but the owner's quick access. Not inlined: recordEntered is inlined into every probe and
     * every call site's own method, and this (with the owner's full access and the map's look-up it
     * inlines) would be compiled again into each of them; compiled once, it costs a call.
     */
    @DontInline
    private static void record(ThreadState ts, Object map, Object key, int site, byte op, Object value) {
        // Only a map the code reached through a field can be the owner's state: a map held in a
        // local (the task's own results, built and dropped in the run) is not what a close ends.
        if ((ts.taskRun != null || ts.runningTask != null) && Sites.get(site).receiverField != null) {
            TaskRuns.touched(ts, MapOps.name(op), site);
        }
        MapShadow shadow = MapShadows.of(ts, map, site);
        if (shadow == null) {
            return;
        }
        if (shadow.ownedBy(ts) || shadow.takeOver(ts)) {
            if (shadow.ownerAccess(ts, key, site, op, value)) {
                return;
            }
            // Another thread took the map or switched it to shared mode meanwhile and may have copied
            // the owner's fields before this access landed in them: record it again, as a non-owner.
            if (shadow.takeOver(ts) && shadow.ownerAccess(ts, key, site, op, value)) {
                return;
            }
        }
        shadow.nameFrom(Sites.get(site));
        List<MapRace> races = shadow.sharedAccess(ts, key, site, op, value);
        if (races != null) {
            MapShadow.check.publish(shadow, races);
        }
    }
}
