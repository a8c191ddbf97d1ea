package io.racewatch.locks;

import io.racewatch.detect.Detectors;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A thread counts its acquisitions in its own plain field; every report still sees each one exactly once. */
class LockStatsCountTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    private static int site(String field, int line) {
        return Sites.register("com.acme.Counted", "work", "Counted.java", line, field);
    }

    private static long acquisitions(String name) {
        return LockStats.all().stream().filter(s -> s.name.equals(name)).mapToLong(s -> s.snapshot().acquisitions()).sum();
    }

    private static void takeAndRelease(ThreadState ts, Object lock, int site, int times) {
        for (int i = 0; i < times; i++) {
            LockTracker.acquired(ts, lock, site);
            LockTracker.releasing(ts, lock, site);
        }
    }

    @Test
    void countsKeptByARunningThreadAndByOneThatEndedAreReported() throws Exception {
        int first = site("Counted.first", 10);
        int second = site("Counted.second", 20);
        Object a = new Object();
        Object b = new Object();
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch switched = new CountDownLatch(1);
        CountDownLatch checkedAgain = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                ThreadState ts = ThreadState.current(); // registered: reports find its counts
                takeAndRelease(ts, a, first, 5);
                counted.countDown();
                checked.await();
                takeAndRelease(ts, b, second, 3); // counting for another name adds the first one's
                takeAndRelease(ts, a, first, 2);
                switched.countDown();
                checkedAgain.await();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        worker.start();
        counted.await();
        assertEquals(5, acquisitions("Counted.first"), "still in the running thread's own count");
        checked.countDown();
        switched.await();
        assertEquals(7, acquisitions("Counted.first"), "five added, two in the thread's count");
        assertEquals(3, acquisitions("Counted.second"));
        checkedAgain.countDown();
        worker.join();
        assertEquals(7, acquisitions("Counted.first"), "after the thread ended");
        assertEquals(3, acquisitions("Counted.second"));
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void anEndedThreadsCountIsAddedOnceWhenItsSlotIsFreed() {
        int s = site("Counted.freed", 30);
        ThreadState ts = new ThreadState(7, 1, io.racewatch.order.VectorClocks.EMPTY); // not registered: only what it adds is seen
        takeAndRelease(ts, new Object(), s, 4);
        ts.ended();
        ts.ended(); // a second time adds nothing
        assertEquals(4, acquisitions("Counted.freed"));
    }
}
