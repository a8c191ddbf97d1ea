package io.racewatch.maps;

import io.racewatch.order.VectorClocks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

class HistoryTest {
    private static MapAccess access(int tid, long seq) {
        return new MapAccess(tid, "t" + tid, MapOps.GET, 0, 1, VectorClocks.EMPTY, seq, 0, 0);
    }

    @Test
    void keepsTheLastEventsOldestFirst() {
        History h = new History(3);
        for (long i = 1; i <= 5; i++) {
            h.append(access(0, i));
        }
        List<MapAccess> rows = h.snapshot();
        assertEquals(List.of(3L, 4L, 5L), rows.stream().map(MapAccess::seq).toList());
    }

    @Test
    void shortHistoryIsWhole() {
        History h = new History(8);
        h.append(access(0, 1));
        h.append(access(1, 2));
        assertEquals(2, h.snapshot().size());
    }

    @Test
    void aRingThatGrowsAsEventsComeKeepsEveryEventUntilItsSizeThenTheLast() {
        History h = new History(5); // its ring grows past its first slots before it wraps
        MapAccess[] made = new MapAccess[8];
        for (int i = 1; i <= 5; i++) {
            made[i - 1] = access(i % 2, i);
            h.append(made[i - 1]);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), h.snapshot().stream().map(MapAccess::seq).toList());
        for (int i = 0; i < 5; i++) {
            assertTrue(h.holds(made[i]), "event " + (i + 1) + " is still in the history");
        }
        for (int i = 6; i <= 8; i++) {
            made[i - 1] = access(0, i);
            h.append(made[i - 1]);
        }
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), h.snapshot().stream().map(MapAccess::seq).toList());
        assertFalse(h.holds(made[0]));
        assertFalse(h.holds(made[2]));
        assertTrue(h.holds(made[3]));
        assertTrue(h.holds(made[7]));
    }

    @Test
    void recentByThreadKeepsOnePerThreadAndEvictsTheOldest() {
        RecentByThread<MapAccess> recent = new RecentByThread<>(2);
        recent.put(access(0, 1));
        recent.put(access(1, 2));
        recent.put(access(0, 3)); // replaces thread 0's entry
        recent.put(access(2, 4)); // evicts thread 1's, the oldest
        assertEquals(3, recent.take(0).seq());
        assertNull(recent.take(1));
        assertEquals(4, recent.take(2).seq());
    }

    @Test
    void recentByThreadKeepsOneThreadsEventsWithoutItsArrayUntilAnotherThreadComes() {
        RecentByThread<MapAccess> recent = new RecentByThread<>(3);
        assertEquals(1, recent.size());
        assertNull(recent.get(0));
        recent.put(access(0, 1));
        recent.put(access(0, 2)); // the same thread's later event replaces its earlier one
        assertFalse(recent.hasSlots());
        assertEquals(2, recent.peek(0).seq());
        assertEquals(2, recent.get(0).seq());
        assertNull(recent.peek(1));
        assertNull(recent.take(1));
        recent.put(access(1, 3)); // a second thread: the array, with both
        assertTrue(recent.hasSlots());
        assertEquals(3, recent.size());
        assertEquals(2, recent.peek(0).seq());
        assertEquals(3, recent.peek(1).seq());
        recent.put(access(2, 4));
        recent.put(access(3, 5)); // evicts thread 0's, the oldest
        assertNull(recent.peek(0));
        assertEquals(List.of(3L, 4L, 5L), java.util.stream.IntStream.range(0, recent.size())
            .mapToObj(recent::get).map(MapAccess::seq).sorted().toList());
        assertEquals(3, recent.take(1).seq());
        assertNull(recent.peek(1));
    }

    @Test
    void recentByThreadTakesTheOneThreadsEventAndKeepsTheNextThreadsAlone() {
        RecentByThread<MapAccess> recent = new RecentByThread<>(4);
        recent.put(access(0, 1));
        assertEquals(1, recent.take(0).seq());
        assertNull(recent.take(0));
        assertNull(recent.get(0));
        recent.put(access(1, 2)); // the slot freed: no array for this thread either
        assertFalse(recent.hasSlots());
        assertEquals(2, recent.peek(1).seq());
    }
}
