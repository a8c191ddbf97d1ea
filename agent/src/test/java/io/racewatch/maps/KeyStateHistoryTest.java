package io.racewatch.maps;

import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.Tracking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key's history while it has had one event (most keys past the cap): the event alone, no ring; the
 * ring is made at the second event with the first in it, and shows what a ring made at once showed.
 */
class KeyStateHistoryTest {
    private static MapAccess access(int tid, byte op, int site, long seq) {
        return new MapAccess(tid, "t" + tid, op, site, 1, VectorClocks.EMPTY, seq, 0, 0);
    }

    private static List<Long> seqs(KeyState ks) {
        return ks.history().stream().map(MapAccess::seq).toList();
    }

    @Test
    void aKeyWithOneEventShowsItWithoutARing() {
        KeyState ks = KeyState.of(7, false);
        assertEquals(List.of(), ks.history());
        MapAccess first = access(0, MapOps.GET, 1, ks.nextSeq());
        ks.append(first);
        assertFalse(ks.hasRing(), "one event: no ring yet");
        List<MapAccess> rows = ks.history();
        assertEquals(List.of(1L), rows.stream().map(MapAccess::seq).toList());
        assertNotSame(first, rows.get(0), "a copy, as a ring's snapshot gives");
    }

    @Test
    void theOneEventRenewedInPlaceStaysOneRowWithItsNewNumber() {
        KeyState ks = KeyState.of(7, false);
        MapAccess read = access(0, MapOps.GET, 1, ks.nextSeq());
        ks.append(read);
        read.renew(2, VectorClocks.EMPTY, ks.nextSeq(), WrittenValue.UNKNOWN);
        ks.appendRenewed(read);
        assertFalse(ks.hasRing());
        assertEquals(List.of(2L), seqs(ks));
    }

    @Test
    void theSecondEventMakesTheRingWithTheFirstInIt() {
        KeyState ks = KeyState.of(7, false);
        MapAccess read = access(0, MapOps.GET, 1, ks.nextSeq());
        ks.append(read);
        ks.append(access(1, MapOps.PUT, 2, ks.nextSeq()));
        assertTrue(ks.hasRing());
        assertEquals(List.of(1L, 2L), seqs(ks));
        // The first event, renewed now, is still in the ring: it keeps its row, with its new number.
        read.renew(2, VectorClocks.EMPTY, ks.nextSeq(), WrittenValue.UNKNOWN);
        ks.appendRenewed(read);
        assertEquals(List.of(2L, 3L), seqs(ks));
    }

    @Test
    void aLongHistoryKeepsTheLastEventsFromTheFirstOn() {
        KeyState ks = KeyState.of(7, false);
        int n = Tracking.historySize + 3;
        for (int i = 0; i < n; i++) {
            ks.append(access(i % 2, i % 2 == 0 ? MapOps.GET : MapOps.PUT, 1 + i % 2, ks.nextSeq()));
        }
        List<Long> kept = seqs(ks);
        assertEquals(Tracking.historySize, kept.size());
        assertEquals(n, kept.get(kept.size() - 1));
        assertEquals(n - Tracking.historySize + 1, kept.get(0));
    }
}
