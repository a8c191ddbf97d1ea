package io.racewatch.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The probe guard's one-word fast path says what the full check says: no nesting, windows seen, agent threads out. */
class ThreadStateGuardTest {
    @BeforeEach
    void tracking() {
        Tracking.enabled = true;
    }

    @AfterEach
    void stopTracking() {
        SamplingWindows.openWindow();
        Tracking.enabled = false;
    }

    /** Runs {@code body} on a fresh thread (its state is registered there) and rethrows what it threw. */
    private static void onNewThread(Runnable body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        t.join();
        if (failed.get() instanceof Error e) {
            throw e;
        }
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void aProbeInsideAProbeIsRefusedEachTime() throws Exception {
        onNewThread(() -> {
            for (int round = 0; round < 3; round++) { // the first round takes the full check, the later ones the fast path
                ThreadState ts = ThreadState.enter();
                assertNotNull(ts, "round " + round);
                assertNull(ThreadState.enter(), "nested, round " + round);
                assertNull(ThreadState.enterAlways(), "nested, round " + round);
                assertNull(ThreadState.enterAlways(ts), "nested with the state passed, round " + round);
                assertNull(ThreadState.probing(), "nested look-up, round " + round);
                ts.exit();
            }
            ThreadState ts = ThreadState.probing();
            assertNotNull(ts);
            assertSame(ts, ThreadState.enterAlways(ts));
            assertNull(ThreadState.enter());
            ts.exit();
        });
    }

    @Test
    void aWindowChangeBetweenTwoProbesIsSeenOnTheFastPath() throws Exception {
        onNewThread(() -> {
            ThreadState ts = ThreadState.enter();
            ts.exit();
            ts = ThreadState.enter(); // now on the fast path
            Object map = new Object();
            ts.cachedMap = map;
            ts.exit();
            assertSame(map, ThreadState.enterAlways().cachedMap, "same window: what the thread kept stays");
            ts.exit();
            SamplingWindows.closeWindow();
            SamplingWindows.openWindow();
            ThreadState next = ThreadState.enter();
            assertSame(ts, next);
            assertNull(next.cachedMap, "a new window forgets what the last one kept");
            next.exit();
        });
    }

    @Test
    void aThreadRegisteredBeforeTheAgentStartedEntersOnlyOnceItStarted() throws Exception {
        Tracking.enabled = false;
        onNewThread(() -> {
            assertNull(ThreadState.enter(), "no thread registers before the agent started");
            ThreadState ts = ThreadState.current(); // registered anyway (racewatch's own code may)
            assertNull(ThreadState.enter(), "registered, agent not started");
            assertNull(ThreadState.enterAlways(ts), "the state passed on, agent not started");
            assertNull(ThreadState.enterOpen(SamplingWindows.state()), "agent not started");
            Tracking.enabled = true;
            ThreadState entered = ThreadState.enterOpen(SamplingWindows.state());
            assertSame(ts, entered);
            entered.exit();
            assertSame(ts, ThreadState.enter(), "the fast path once it entered");
            ts.exit();
        });
    }

    @Test
    void anAgentThreadNeverEnters() throws Exception {
        onNewThread(() -> {
            ThreadState ts = ThreadState.enter();
            ts.exit();
            ThreadState.markAgentThread();
            assertNull(ThreadState.enter());
            assertNull(ThreadState.enterAlways());
            assertNull(ThreadState.enterAlways(ts));
            assertNull(ThreadState.probing());
        });
    }
}
