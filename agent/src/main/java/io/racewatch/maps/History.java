package io.racewatch.maps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last events on a resource: the rows of a finding's interleaving table. An access renewed in
 * place ({@link MapAccess#renew}) keeps its slot with its newest number, so the ring is not in
 * order: a snapshot is sorted by number.
 *
 * <p>The ring starts small and grows to its size as events come: a cache's map makes a state per
 * key it sees past the key cap, most of them forgotten after an access or two, and a full ring
 * for each was most of what a new key allocated. It grows only while it has never wrapped, so
 * every event keeps the slot its number gives.
 */
final class History {
    private static final int FIRST = 2;
    private final int size;
    private MapAccess[] ring;
    private long appended;

    History(int size) {
        this.size = Math.max(2, size);
        ring = new MapAccess[Math.min(FIRST, this.size)];
    }

    void append(MapAccess a) {
        MapAccess[] r = ring;
        if (appended == r.length && r.length < size) {
            // Not wrapped yet: event i sits in slot i, where a longer ring keeps it too.
            r = java.util.Arrays.copyOf(r, Math.min(size, r.length * 2));
            ring = r;
        }
        a.historyAt = appended;
        r[(int) (appended++ % r.length)] = a;
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
