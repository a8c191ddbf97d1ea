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
        public List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts) {
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

    /** A write of one key, under the key's lock; returns the races it completes, or null. */
    List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts);

    /** A read of one key, under the key's lock; returns the races it completes, or null. */
    List<MapRace> onKeyRead(KeyState key, MapAccess read);

    /** A write to a map that concurrent writes can corrupt; returns the races it completes, or null. */
    List<MapRace> onUnsafeWrite(MapShadow map, RecentByThread<MapAccess> writes, MapAccess write);

    /** Reports the races one access revealed, outside the key's lock. */
    void publish(MapShadow map, List<MapRace> races);
}
