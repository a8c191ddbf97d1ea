package io.racewatch.runtime;

import io.racewatch.order.SyncProbes;
import io.racewatch.tasks.TaskProbes;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A test context follows the work: into threads the test starts and tasks it submits, and out again. */
@ExtendWith(TrackingOn.class)
class TestContextTest {
    private final TestContext test = new TestContext("[test:a]", "a()", 7);
    @AfterEach
    void restore() {
        TestContext.swap(null);
    }

    @Test
    void swapReturnsThePreviousContext() {
        assertNull(TestContext.swap(test));
        assertSame(test, TestContext.current());
        assertSame(test, TestContext.swap(null));
        assertNull(TestContext.current());
    }

    @Test
    void aStartedThreadWorksForTheTestThatStartedIt() throws Exception {
        AtomicReference<TestContext> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(TestContext.current())); // created outside the test
        TestContext.swap(test);
        SyncProbes.threadStarting(t, 0); // the probe at an instrumented Thread.start
        TestContext.swap(null);
        t.start();
        t.join();
        assertSame(test, seen.get());
    }

    @Test
    void aThreadStartedUnseenWorksForTheTestThatCreatedIt() throws Exception {
        TestContext.swap(test);
        AtomicReference<TestContext> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(TestContext.current()));
        t.start();
        t.join();
        assertSame(test, seen.get());
    }

    @Test
    void aTaskWorksForItsSubmitterAndThePoolThreadGetsItsOwnBack() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<TestContext> during = new AtomicReference<>();
            pool.submit(() -> { }).get(); // the pool thread exists, outside any test
            TestContext.swap(test);
            Runnable task = (Runnable) TaskProbes.wrapTask((Runnable) () -> during.set(TestContext.current()), null, 0);
            TestContext.swap(null);
            pool.submit(task).get();
            assertSame(test, during.get());
            assertNull(pool.submit(TestContext::current).get(), "after the task, the pool thread works for no test");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theHoldThresholdIsTheContextsWhenItHasOne() {
        long global = Tracking.holdThresholdNs;
        assertEquals(7_000_000L, TestContext.holdThresholdNs(test));
        assertEquals(global, TestContext.holdThresholdNs(new TestContext("b", "b", 0)));
        assertEquals(global, TestContext.holdThresholdNs(null));
    }
}
