package io.racewatch.maps;

import io.racewatch.runtime.ThreadState;

import java.util.List;

/**
 * The map race rules the shadows apply to each shared access, and where the races they find
 * go. The detector installs itself here at start-up ({@link MapShadow#checkWith}), so this
 * package never depends on it; until then no access is a race.
 */
public interface MapRaceCheck {
    /** Finds no race: the state before the detector is installed. */
    MapRaceCheck NONE = new MapRaceCheck() {
        @Override
        public List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts, MapAccess checkedRead,
                                        boolean checkedRunning, long renewedFrom) {
            return null;
        }

        @Override
        public List<MapRace> onKeyRead(KeyState key, MapAccess read) {
            return null;
        }

        @Override
        public List<MapRace> onUnsafeWrite(MapShadow map, RecentByThread<MapAccess> writes, MapAccess write) {
            return null;
        }

        @Override
        public void publish(MapShadow map, List<MapRace> races) {
        }
    };

    /**
     * A write of one key, under the key's lock; returns the races it completes, or null.
     * {@code checkedRead}: the thread's open read of the key as the shadow saw it before taking the
     * lock, or null; {@code checkedRunning}: whether that read's method was still running then, with
     * no lock held since it (the write's thread and stack are the same under the lock, so the
     * answer stands for that read; any other open read is asked again). {@code renewedFrom}: the
     * number the write had before it was renewed in place (the thread's previous write of the key at
     * this site, no other thread's access since), or -1 for a new write.
     */
    List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts, MapAccess checkedRead, boolean checkedRunning,
                             long renewedFrom);

    /** A read of one key, under the key's lock; returns the races it completes, or null. */
    List<MapRace> onKeyRead(KeyState key, MapAccess read);

    /** A write to a map that concurrent writes can corrupt; returns the races it completes, or null. */
    List<MapRace> onUnsafeWrite(MapShadow map, RecentByThread<MapAccess> writes, MapAccess write);

    /** Reports the races one access revealed, outside the key's lock. */
    void publish(MapShadow map, List<MapRace> races);
}
