package io.racewatch.maps;

import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An owner's repeated access keeps what a second thread will compare: the clock as it was, and the locks held then. */
class OwnerEventTest {
    private static final byte GET = MapOps.GET;

    private static ThreadState thread() {
        return new ThreadState(0, 1, VectorClocks.EMPTY);
    }

    @Test
    void aRepeatKeepsTheClockOfItsOwnMomentThroughLaterJoins() {
        ThreadState ts = thread();
        ts.join(new int[] {0, 3});
        OwnerEvent e = new OwnerEvent();
        e.set(ts, "k", 1, GET);
        int[] first = e.vc;
        int[] firstCopy = first.clone();
        e.repeat(ts, "k", WrittenValue.UNKNOWN);
        assertSame(first, e.vc, "the same clock is not taken again");
        ts.join(new int[] {0, 5, 2}); // the event holds the clock: this join copies
        assertArrayEquals(firstCopy, first, "the first access's clock is as it was");
        e.repeat(ts, "k", WrittenValue.UNKNOWN);
        int[] second = e.vc;
        int[] secondCopy = second.clone();
        assertEquals(5, second[1]);
        ts.joinEntry(1, 9); // the repeat took the new clock, handing it out: this join copies too
        assertArrayEquals(secondCopy, second, "the repeat's clock is not changed by the thread's next join");
        assertEquals(9, ts.vcNow()[1]);
    }

    @Test
    void aRepeatRecordsTheLocksHeldAtItsOwnMoment() {
        ThreadState ts = thread();
        OwnerEvent e = new OwnerEvent();
        Object lock = new Object();
        ts.locks.acquire(lock);
        e.set(ts, "k", 1, GET);
        long held = e.outerLock;
        assertNotEquals(0, held);
        assertEquals(held, e.innerLock);
        assertTrue(e.isSet());
        ts.locks.release(ts.locks.indexOf(lock));
        e.repeat(ts, "k", WrittenValue.UNKNOWN);
        assertEquals(0, e.outerLock, "no lock held at the repeat");
        assertEquals(0, e.innerLock);
        Object outer = new Object();
        Object inner = new Object();
        ts.locks.acquire(outer);
        ts.locks.acquire(inner);
        e.repeat(ts, "k", WrittenValue.UNKNOWN);
        assertEquals(ts.outermostLock(), e.outerLock);
        assertEquals(ts.innermostLock(), e.innerLock);
        assertNotEquals(e.outerLock, e.innerLock);
    }
}
