package io.racewatch.maps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last events on a resource: the rows of a finding's interleaving table. An access renewed in
 * place ({@link MapAccess#renew}) keeps its slot with its newest number, so the ring is not in
 * order: a snapshot is sorted by number.
 */
final class History {
    private final MapAccess[] ring;
    private long appended;

    History(int size) {
        ring = new MapAccess[Math.max(2, size)];
    }

    void append(MapAccess a) {
        a.historyAt = appended;
        ring[(int) (appended++ % ring.length)] = a;
    }

    /** True when {@code a}, appended here, has not scrolled out yet (a key's history only: an access is in one). */
    boolean holds(MapAccess a) {
        long at = a.historyAt;
        return at >= 0 && appended - at <= ring.length && ring[(int) (at % ring.length)] == a;
    }

    /** Copies of the events kept, oldest first: later renewals do not change them. */
    List<MapAccess> snapshot() {
        int n = (int) Math.min(appended, ring.length);
        List<MapAccess> out = new ArrayList<>(n);
        for (long i = appended - n; i < appended; i++) {
            out.add(ring[(int) (i % ring.length)].copy());
        }
        out.sort(Comparator.comparingLong(MapAccess::seq));
        return out;
    }
}
