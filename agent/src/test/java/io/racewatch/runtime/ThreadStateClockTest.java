package io.racewatch.runtime;

import io.racewatch.order.VectorClocks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A thread's clock is joined in place until it is handed out, and never changes once handed out. */
class ThreadStateClockTest {
    private static ThreadState thread(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    @Test
    void aClockHandedOutIsNeverChangedByLaterJoins() {
        ThreadState ts = thread(0);
        ts.join(new int[] {0, 3, 2});
        int[] kept = ts.vc();
        int[] copy = kept.clone();
        ts.join(new int[] {0, 7, 9});
        ts.joinEntry(1, 11);
        assertArrayEquals(copy, kept, "what an access record or a task keeps stays as it was");
        assertNotSame(kept, ts.vcNow());
        assertTrue(ts.knows(1, 11));
        assertTrue(ts.knows(2, 9));
    }

    @Test
    void aClockNobodyKeepsIsJoinedInPlace() {
        ThreadState ts = thread(0);
        ts.join(new int[] {0, 3, 2}); // the first join copies: the constructor's array is not the thread's own
        int[] working = ts.vcNow();
        ts.join(new int[] {0, 5, 1});
        ts.joinEntry(2, 4);
        assertSame(working, ts.vcNow(), "no allocation while nothing kept the clock");
        assertArrayEquals(new int[] {0, 5, 4}, working);
    }

    @Test
    void aLongerClockIsCopiedThenJoinedInPlaceAgain() {
        ThreadState ts = thread(0);
        ts.join(new int[] {0, 1});
        ts.join(new int[] {0, 0, 0, 6});
        int[] grown = ts.vcNow();
        assertArrayEquals(new int[] {0, 1, 0, 6}, grown);
        ts.join(new int[] {0, 2});
        assertSame(grown, ts.vcNow());
        assertEquals(2, VectorClocks.get(grown, 1));
    }

    @Test
    void theChangeCountMovesOnlyWhenTheClockGrows() {
        ThreadState ts = thread(0);
        ts.join(new int[] {0, 3});
        int changes = ts.clockChanges();
        ts.join(new int[] {0, 2});
        ts.joinEntry(1, 3);
        ts.joinEntry(0, 50); // its own slot: not an entry of the clock
        ts.tick();
        assertEquals(changes, ts.clockChanges());
        ts.joinEntry(1, 4);
        assertEquals(changes + 1, ts.clockChanges());
        ts.join(new int[] {0, 0, 1});
        assertEquals(changes + 2, ts.clockChanges());
    }
}
