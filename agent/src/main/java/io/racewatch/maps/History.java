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

    /**
     * Appends a record rewritten in place ({@link KeyState#spare}): if the ring still holds it, among
     * the latest entries of its thread's run, it moves to the end, so that each record is one row and
     * the rows stay in the order of their accesses.
     */
    void appendAgain(MapAccess a) {
        int n = (int) Math.min(appended, ring.length);
        for (int back = 1; back <= n; back++) {
            int at = (int) ((appended - back) % ring.length);
            MapAccess e = ring[at];
            if (e == a) {
                for (int k = back; k > 1; k--) { // shift the later rows one back
                    ring[(int) ((appended - k) % ring.length)] = ring[(int) ((appended - k + 1) % ring.length)];
                }
                ring[(int) ((appended - 1) % ring.length)] = a;
                return;
            }
            if (e.tid() != a.tid()) {
                break; // before the run: the record is not in the ring any more
            }
        }
        append(a);
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
