package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A completion kept by its completer without a var is found by a reader on another thread,
 * after the completer's table filled and was copied, and after the completer ended (its live
 * entries become vars).
 */
class FutureReleasesTest {
    /** A completer (thread id {@code tid}, own entry 10) that knows thread 2 up to 7. */
    private static ThreadState completer(int tid) {
        return new ThreadState(tid, 10, new int[] {0, 0, 7});
    }

    private static ThreadState reader(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    /** Runs {@code body} on a thread of its own and waits for its end. */
    private static void onThread(Runnable body) throws InterruptedException {
        Thread t = new Thread(body);
        t.start();
        t.join();
    }

    @Test
    void aReaderOnAnotherThreadJoinsTheCompletersRelease() throws Exception {
        ThreadState c = completer(40);
        Object task = new Object();
        CountDownLatch kept = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            FutureReleases.keep(c, task);
            kept.countDown();
            try {
                read.await(); // alive while the reader looks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        try {
            kept.await();
            ThreadState r = reader(41);
            FutureReleases.acquire(r, task);
            assertTrue(r.knows(40, 10), "the completer's release");
            assertTrue(r.knows(2, 7), "what the completer knew");
            assertFalse(r.knows(40, 11), "nothing of the completer's after it");
            ThreadState other = reader(42);
            FutureReleases.acquire(other, new Object());
            assertFalse(other.knows(40, 1), "a task nobody completed orders nothing");
        } finally {
            read.countDown();
            t.join();
        }
    }

    @Test
    void aCompletionIsFoundAfterTheTableFilledAndAfterItsThreadEnded() throws Exception {
        ThreadState c = completer(43);
        Object task = new Object();
        List<Object> later = new ArrayList<>();
        onThread(() -> {
            FutureReleases.keep(c, task);
            for (int i = 0; i < 5000; i++) { // still alive: the table grows and copies them all
                Object o = new Object();
                later.add(o);
                FutureReleases.keep(c, o);
            }
        });
        ThreadState r = reader(44);
        FutureReleases.acquire(r, task); // the ended thread's table is still listed
        assertTrue(r.knows(43, 10));
        ThreadState last = reader(45);
        FutureReleases.acquire(last, later.get(later.size() - 1));
        assertTrue(last.knows(43, 5010), "the last completion");
        assertFalse(last.knows(43, 5011));

        assertNull(SyncVars.existing(reader(46), task), "no var while the table holds it");
        FutureReleases.sweepEnded();
        ThreadState after = reader(47);
        FutureReleases.acquire(after, task);
        assertFalse(after.knows(43, 10), "the ended thread's table is gone");
        SyncVar var = SyncVars.existing(after, task);
        assertNotNull(var, "its live completions became vars");
        var.acquire(after);
        assertTrue(after.knows(43, 10), "holding the completer's release");
        assertTrue(after.knows(2, 7));
        assertFalse(after.knows(43, 11));
    }

    @Test
    void pastTheLargestTableLiveCompletionsBecomeVars() throws Exception {
        ThreadState c = completer(48);
        Object task = new Object();
        List<Object> later = new ArrayList<>();
        CountDownLatch kept = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            FutureReleases.keep(c, task);
            for (int i = 0; i < FutureReleases.MAX_SLOTS; i++) { // a copy finds more than a quarter of them live
                Object o = new Object();
                later.add(o);
                FutureReleases.keep(c, o);
            }
            kept.countDown();
            try {
                read.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        try {
            kept.await();
            ThreadState r = reader(49);
            FutureReleases.acquire(r, task);
            assertFalse(r.knows(48, 10), "no longer in the table");
            SyncVar var = SyncVars.existing(r, task);
            assertNotNull(var, "a var holds it");
            var.acquire(r);
            assertTrue(r.knows(48, 10));
            assertFalse(r.knows(48, 11));
        } finally {
            read.countDown();
            t.join();
        }
    }
}
