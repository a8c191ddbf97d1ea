package io.racewatch.detect;

import io.racewatch.locks.LockEvents;
import io.racewatch.locks.LockProfile;
import io.racewatch.locks.LockTracker;
import io.racewatch.locks.OrderNode;
import io.racewatch.maps.KeyState;
import io.racewatch.maps.MapAccess;
import io.racewatch.maps.MapRace;
import io.racewatch.maps.MapRaceCheck;
import io.racewatch.maps.MapShadow;
import io.racewatch.maps.RecentByThread;
import io.racewatch.runtime.ThreadState;
import io.racewatch.tasks.Closed;
import io.racewatch.tasks.ScheduledTask;
import io.racewatch.tasks.ScheduledTasks;
import io.racewatch.tasks.TaskEvents;
import io.racewatch.tasks.TaskRun;

import java.util.List;

/**
 * Connects the models to their detectors. The models (maps, locks, tasks) report through small
 * interfaces of their own, so that no model package depends on this one; this class plugs the
 * detectors in at start-up, before any probe runs.
 */
public final class Detectors {
    private Detectors() {
    }

    /** Installs every detector; idempotent. */
    public static void install() {
        MapShadow.checkWith(new MapRaceCheck() {
            @Override
            public List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts, MapAccess checkedRead,
                                            boolean checkedRunning, long renewedFrom) {
                return MapRaceDetector.onKeyWrite(map, key, write, ts, checkedRead, checkedRunning, renewedFrom);
            }

            @Override
            public List<MapRace> onKeyRead(KeyState key, MapAccess read) {
                return MapRaceDetector.onKeyRead(key, read);
            }

            @Override
            public List<MapRace> onUnsafeWrite(MapShadow map, RecentByThread<MapAccess> writes, MapAccess write) {
                return MapRaceDetector.onUnsafeWrite(map, writes, write);
            }

            @Override
            public void publish(MapShadow map, List<MapRace> races) {
                MapRaceDetector.publish(map, races);
            }
        });
        LockTracker.reportTo(new LockEvents() {
            @Override
            public void nestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site, String thread) {
                LockOrderDetector.onNestedAcquire(held, heldSites, kept, taken, site, thread);
            }

            @Override
            public void heldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread,
                                  List<OrderNode> gates, String[] stack) {
                LockOrderDetector.onHeldOrder(held, heldSite, taken, site, thread, gates, stack);
            }

            @Override
            public void longHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample) {
                LockHoldDetector.onLongHold(tid, lock, acquireSite, releaseSite, holdNs, sample);
            }
        });
        ScheduledTasks.reportTo(new TaskEvents() {
            @Override
            public void ownerClosed(List<ScheduledTask> tasks, Closed closed) {
                TimerOwnerDetector.ownerClosed(tasks, closed);
            }

            @Override
            public void ranAfterClose(TaskRun run, Closed closed) {
                TimerOwnerDetector.ranAfterClose(run, closed);
            }

            @Override
            public void ownerCollected(ScheduledTask task) {
                TimerOwnerDetector.ownerCollected(task);
            }

            @Override
            public void ranAfterOwnerCollected(ScheduledTask task) {
                TimerOwnerDetector.ranAfterOwnerCollected(task);
            }

            @Override
            public void stillScheduledAtExit(ScheduledTask task, Closed closed) {
                TimerOwnerDetector.stillScheduledAtExit(task, closed);
            }
        });
    }
}
