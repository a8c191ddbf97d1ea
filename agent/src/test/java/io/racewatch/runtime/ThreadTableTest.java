package io.racewatch.runtime;

import io.racewatch.order.VectorClocks;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thread table answers only for the thread an entry was made for, and is a cache in front of the thread-local. */
class ThreadTableTest {
    private static ThreadState state(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    /** A new (unstarted) thread whose id falls on the same entry as {@code of}'s. */
    private static Thread collidingWith(Thread of) {
        for (int i = 0; i < 10 * ThreadTable.SIZE; i++) {
            Thread t = new Thread(() -> { });
            if (((t.getId() - of.getId()) & (ThreadTable.SIZE - 1)) == 0) {
                return t;
            }
        }
        throw new AssertionError("no thread id collided within " + 10 * ThreadTable.SIZE + " threads");
    }

    @Test
    void anEntryAnswersForItsOwnThreadOnly() {
        assertTrue(ThreadTable.usable(), "java.lang is open to the tests as to the agent: thread ids are readable");
        Thread me = Thread.currentThread();
        Thread other = collidingWith(me);
        ThreadState mine = state(1);
        ThreadTable.register(me, mine);
        assertSame(mine, ThreadTable.get(me));
        assertNull(ThreadTable.get(other), "same entry, another thread: not its state");

        ThreadState its = state(2);
        ThreadTable.register(other, its);
        assertSame(its, ThreadTable.get(other), "a registration takes the entry");
        assertNull(ThreadTable.get(me), "the thread that lost the entry is not given the other's state");

        ThreadTable.fill(me, mine);
        assertSame(its, ThreadTable.get(other), "a fill does not take an entry from another thread");
        assertNull(ThreadTable.get(me));
    }

    @Test
    void threadsWhoseIdsCollideEachKeepTheirOwnState() throws Exception {
        AtomicReference<ThreadState> firstState = new AtomicReference<>();
        AtomicReference<ThreadState> firstAgain = new AtomicReference<>();
        AtomicReference<ThreadState> secondState = new AtomicReference<>();
        AtomicReference<ThreadState> secondAgain = new AtomicReference<>();
        CountDownLatch firstRegistered = new CountDownLatch(1);
        CountDownLatch secondRegistered = new CountDownLatch(1);
        // The first registers; the second, on the same entry, registers after it (taking the entry);
        // then the first looks itself up again.
        Thread first = new Thread(() -> {
            firstState.set(ThreadState.current());
            firstRegistered.countDown();
            await(secondRegistered);
            firstAgain.set(ThreadState.current());
        });
        Runnable secondWork = () -> {
            await(firstRegistered);
            secondState.set(ThreadState.current());
            secondRegistered.countDown();
            secondAgain.set(ThreadState.current());
        };
        Thread second = null;
        for (int i = 0; i < 10 * ThreadTable.SIZE && second == null; i++) {
            Thread t = new Thread(secondWork);
            if (((t.getId() - first.getId()) & (ThreadTable.SIZE - 1)) == 0) {
                second = t;
            }
        }
        assertNotNull(second, "a thread id on the first's entry");
        first.start();
        second.start();
        first.join();
        second.join();
        assertNotNull(firstState.get());
        assertNotSame(firstState.get(), secondState.get());
        assertSame(firstState.get(), firstAgain.get(), "the thread whose entry was taken finds its own state (thread-local)");
        assertSame(secondState.get(), secondAgain.get());
    }

    @Test
    void theStateOfACollectedThreadLeavesTheTable() throws Exception {
        ReferenceQueue<ThreadState> gone = new ReferenceQueue<>();
        WeakReference<ThreadState> state = registeredByAThreadThatEnds(gone);
        // Until the collector has cleared the thread and then its state, or at most ten seconds:
        // each round waits for a cleared reference, not for a time.
        long deadline = System.nanoTime() + 10_000_000_000L;
        Reference<?> cleared = null;
        while (cleared == null && System.nanoTime() < deadline) {
            System.gc();
            Thread next = new Thread(() -> ThreadTable.register(Thread.currentThread(), state(3)));
            next.start(); // a registration frees the entries of threads collected since
            next.join();
            cleared = gone.remove(10);
        }
        assertSame(state, cleared, "the table let go of the state once its thread was collected");
    }

    /** A weak reference to the state a thread entered into the table before it ended (and is unreachable). */
    private static WeakReference<ThreadState> registeredByAThreadThatEnds(ReferenceQueue<ThreadState> gone) throws Exception {
        AtomicReference<WeakReference<ThreadState>> ref = new AtomicReference<>();
        Thread t = new Thread(() -> {
            ThreadState s = state(4);
            ThreadTable.register(Thread.currentThread(), s);
            assertSame(s, ThreadTable.get(Thread.currentThread()));
            ref.set(new WeakReference<>(s, gone));
        });
        t.start();
        t.join();
        return ref.get();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
