package io.racewatch.maps;

import java.util.ArrayList;
import java.util.List;

/** The last events on a resource, oldest first: the rows of a finding's interleaving table. */
final class History {
    private final MapAccess[] ring;
    private long appended;

    History(int size) {
        ring = new MapAccess[Math.max(2, size)];
    }

    void append(MapAccess a) {
        ring[(int) (appended++ % ring.length)] = a;
    }

    List<MapAccess> snapshot() {
        int n = (int) Math.min(appended, ring.length);
        List<MapAccess> out = new ArrayList<>(n);
        for (long i = appended - n; i < appended; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        return out;
    }
}
