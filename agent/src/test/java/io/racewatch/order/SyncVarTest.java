package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncVarTest {
    private static ThreadState thread(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    @Test
    void releaseThenAcquireOrdersEverythingBefore() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        int beforeRelease = a.own;
        SyncVar lock = new SyncVar();
        assertFalse(b.knows(0, beforeRelease));
        lock.release(a);
        lock.acquire(b);
        assertTrue(b.knows(0, beforeRelease));
        assertFalse(b.knows(0, a.own), "what a does after its release is not ordered before b");
    }

    @Test
    void aVarMadeFromAReleaseKeptElsewhereOrdersAsANewVarReleasedOnce() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        int aBefore = a.own;
        int[] clock = a.vc();
        SyncVar key = SyncVar.releasedEarlier(a, clock, a.own);
        a.tick(); // what a release does after keeping the clock
        key.acquire(a); // its own release: nothing new
        key.acquire(b);
        assertTrue(b.knows(0, aBefore));
        assertFalse(b.knows(0, a.own));
        int bBefore = b.own;
        key.releaseExclusive(b); // b covers a's release: it takes the var over
        key.release(a); // a does not know b's: the var becomes shared
        key.acquire(c);
        assertTrue(c.knows(0, aBefore));
        assertTrue(c.knows(1, bBefore));
    }

    @Test
    void acquireWithoutAReleaseOrdersNothing() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        SyncVar lock = new SyncVar();
        lock.acquire(b);
        lock.release(b);
        assertFalse(b.knows(0, a.own));
    }

    @Test
    void knowledgeIsTransitive() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        int aBefore = a.own;
        SyncVar first = new SyncVar();
        SyncVar second = new SyncVar();
        first.release(a);
        first.acquire(b);
        second.release(b);
        second.acquire(c);
        assertTrue(c.knows(0, aBefore));
    }

    @Test
    void severalReleasersAreAllKnown() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        int aBefore = a.own;
        int bBefore = b.own;
        SyncVar latch = new SyncVar();
        latch.release(a);
        latch.release(b);
        latch.acquire(c);
        assertTrue(c.knows(0, aBefore));
        assertTrue(c.knows(1, bBefore));
    }

    @Test
    void reacquireBySoleReleaserAllocatesNothing() {
        ThreadState a = thread(0);
        SyncVar lock = new SyncVar();
        lock.release(a);
        int[] before = a.vcNow();
        lock.acquire(a);
        assertSame(before, a.vcNow());
    }

    @Test
    void joinTakesTheMaximum() {
        assertArrayEquals(new int[] {3, 5, 1}, VectorClocks.join(new int[] {3, 2}, new int[] {1, 5, 1}));
        int[] vc = {4, 4};
        assertSame(vc, VectorClocks.join(vc, new int[] {1, 2}), "no growth, no copy");
    }

    @Test
    void aReleaseAfterACachedJoinIsStillJoined() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar field = new SyncVar();
        field.release(a);
        field.release(c); // two releasers: b's acquisition joins and remembers the version
        field.acquire(b);
        field.acquire(b); // same version: skipped, nothing lost
        assertTrue(b.knows(2, c.own - 1));
        int cLater = c.own;
        assertFalse(b.knows(2, cLater));
        field.release(c);
        field.acquire(b);
        assertTrue(b.knows(2, cLater), "a new version is joined again");
    }

    @Test
    void releasersAtOnceAreAllKnownWhateverTheirSlots() throws Exception {
        // Eight threads release into one var at the same time, without a monitor: the clock
        // grows as higher slots arrive, and no thread's release may be lost on the way.
        int threads = 8;
        int releases = 20_000;
        SyncVar var = new SyncVar();
        ThreadState[] states = new ThreadState[threads];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ThreadState ts = thread(threads * 4 - 1 - t * 4); // slots 31, 27, ... 3: later threads grow the array
            states[t] = ts;
            running[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < releases; i++) {
                    var.release(ts);
                }
            });
            running[t].start();
        }
        for (Thread t : running) {
            t.join();
        }
        ThreadState reader = thread(40);
        var.acquire(reader);
        for (ThreadState ts : states) {
            assertTrue(reader.knows(ts.tid, ts.own - 1), "the last release of slot " + ts.tid);
            assertFalse(reader.knows(ts.tid, ts.own), "nothing after it");
        }
    }

    @Test
    void aSecondReleaserArrivingDuringTheSoleReleasersReleaseLosesNeither() throws Exception {
        // a is each var's sole releaser, releasing without a monitor; b arrives at the same time
        // and moves the var to several releasers. Whichever comes first, a reader that follows
        // both must know both releases (a's may land after the move copied its fields).
        int vars = 20_000;
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        SyncVar[] all = new SyncVar[vars];
        for (int i = 0; i < vars; i++) {
            all[i] = new SyncVar();
            all[i].release(a); // a becomes the sole releaser
        }
        int[] aReleased = new int[vars];
        int[] bReleased = new int[vars];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        Thread second = new Thread(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < vars; i++) {
                bReleased[i] = b.own;
                all[i].release(b);
            }
        });
        second.start();
        start.await();
        for (int i = 0; i < vars; i++) {
            aReleased[i] = a.own;
            all[i].release(a);
        }
        second.join();
        for (int i = 0; i < vars; i++) {
            ThreadState reader = thread(2);
            all[i].acquire(reader);
            assertTrue(reader.knows(0, aReleased[i]), "a's release of var " + i);
            assertTrue(reader.knows(1, bReleased[i]), "b's release of var " + i);
            assertFalse(reader.knows(0, a.own), "nothing a did after");
        }
    }

    @Test
    void aLockHandedToAThreadThatKnowsItsPastStaysWithOneReleaser() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar monitor = new SyncVar();
        int aBefore = a.own;
        monitor.releaseExclusive(a);
        monitor.acquireExclusive(b);
        int bBefore = b.own;
        monitor.releaseExclusive(b); // b knows all a released: b takes the var over
        int[] bClock = b.vcNow();
        monitor.acquireExclusive(b);
        assertSame(bClock, b.vcNow(), "b is the sole releaser now: its acquisition is a no-op");
        monitor.acquireExclusive(c);
        assertTrue(c.knows(0, aBefore));
        assertTrue(c.knows(1, bBefore));
    }

    @Test
    void aReleaserThatDidNotAcquireKeepsTheEarlierReleasesToo() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar key = new SyncVar();
        int aBefore = a.own;
        key.releaseExclusive(a);
        int bBefore = b.own;
        key.releaseExclusive(b); // b never joined a's release: both must stay in the var
        key.acquireExclusive(c);
        assertTrue(c.knows(0, aBefore));
        assertTrue(c.knows(1, bBefore));
    }

    /** A var with two releasers, so releases go through the shared clock. */
    @Test
    void aReleaseBetweenAThreadsAcquisitionAndItsOwnReleaseIsJoinedNextTime() {
        // A thread's own release after an acquisition leaves the var with nothing it lacks, so
        // its next acquisition may skip the join: not when another release came in between.
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar counter = shared(b, c);
        counter.acquire(a);
        int bBetween = b.own;
        counter.release(b);
        counter.release(a);
        counter.acquire(a);
        assertTrue(a.knows(1, bBetween), "b's release between a's acquisition and a's release");
        counter.release(a); // nothing came in between: a's next acquisition has nothing to learn
        counter.acquire(a);
        int bLater = b.own;
        counter.release(b);
        counter.acquire(a);
        assertTrue(a.knows(1, bLater), "a release after the skipped join is joined");
    }

    private static SyncVar shared(ThreadState first, ThreadState second) {
        SyncVar var = new SyncVar();
        var.release(first);
        var.release(second);
        return var;
    }

    /**
     * a releases into a counter, learns c's release through another var, optionally acquires
     * the counter, and releases into it again: b, acquiring the counter, must learn c's release.
     */
    private static void learnedElsewhereReachesTheNextAcquirer(boolean reacquireFirst) {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar counter = shared(a, thread(3));
        SyncVar other = new SyncVar();
        counter.release(a); // a's clock is in the counter now
        int cBefore = c.own;
        other.release(c);
        other.acquire(a); // a learns c's release somewhere else
        if (reacquireFirst) {
            counter.acquire(a); // the counter knows nothing of c: a's clock is still ahead of it
        }
        counter.release(a); // so this release is more than a's own entry
        counter.acquire(b);
        assertTrue(b.knows(2, cBefore), "what a knew at its release comes with it");
    }

    @Test
    void aReleaseAfterTheThreadLearnedElsewhereCarriesWhatItLearned() {
        learnedElsewhereReachesTheNextAcquirer(false);
    }

    @Test
    void anAcquisitionAfterLearningElsewhereDoesNotMakeTheVarCoverTheThread() {
        learnedElsewhereReachesTheNextAcquirer(true);
    }

    @Test
    void aReleaseAfterAThreadJoinCarriesTheEndedThreadsClock() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        SyncVar counter = shared(a, b);
        counter.release(a);
        a.joinEntry(2, 9); // a joined the thread in slot 2: the clock grows by one entry
        counter.release(a);
        counter.acquire(b);
        assertTrue(b.knows(2, 9));
        assertFalse(b.knows(2, 10));
    }

    @Test
    void releasesAndAcquisitionsOfOneCounterKeepEveryOnesKnowledge() {
        // An atomic counter's read-modify-writes: a release before, an acquisition after. A
        // thread's release after acquiring only the counter adds just its own entry; everything
        // each thread released must still reach a later reader.
        ThreadState[] threads = {thread(0), thread(1), thread(2), thread(3)};
        SyncVar counter = shared(threads[0], threads[1]);
        int[] released = new int[threads.length];
        for (int round = 0; round < 5; round++) {
            for (int t = 0; t < threads.length; t++) {
                released[t] = threads[t].own;
                counter.release(threads[t]);
                counter.acquire(threads[t]);
            }
        }
        ThreadState reader = thread(4);
        counter.acquire(reader);
        for (int t = 0; t < threads.length; t++) {
            assertTrue(reader.knows(t, released[t]), "the last release of thread " + t);
            assertFalse(reader.knows(t, threads[t].own), "nothing after it");
        }
        // and the first thread, acquiring again, knows the others' last releases
        counter.acquire(threads[0]);
        for (int t = 1; t < threads.length; t++) {
            assertTrue(threads[0].knows(t, released[t]));
        }
    }

    @Test
    void aSoleReleasersClockStaysAsReleasedWhileTheThreadLearnsMore() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar lock = new SyncVar();
        SyncVar other = new SyncVar();
        a.joinEntry(3, 1); // a's clock becomes an array of its own
        lock.release(a); // the var keeps a's clock itself (the sole releaser's fast path)
        int cLater = c.own;
        other.release(c);
        other.acquire(a); // a's next join must not write into the clock the var kept
        lock.acquire(b);
        assertFalse(b.knows(2, cLater), "what a learned after its release is not ordered before b");
        assertTrue(b.knows(3, 1));
    }

    @Test
    void aThreadsReadModifyWriteAfterAnotherThreadsReleaseStillLearnsIt() {
        // The version a thread's own release carries over (its join needs no repeat) must be the
        // one it joined at: here another thread released in between, and the next acquisition
        // has to join its clock.
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        SyncVar counter = shared(a, b);
        counter.acquire(a); // a knows the counter now
        c.joinEntry(3, 7); // something c learned elsewhere
        int cBefore = c.own;
        counter.release(c);
        counter.release(a); // a's read-modify-write: its release...
        counter.acquire(a); // ...then its acquisition
        assertTrue(a.knows(2, cBefore), "c's release came before a's update");
        assertTrue(a.knows(3, 7), "and what c knew then");
    }

    @Test
    void repeatedReadModifyWritesOfOneThreadKeepLaterReleasesOfOthers() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        SyncVar counter = shared(a, b);
        for (int round = 0; round < 3; round++) {
            counter.release(a);
            counter.acquire(a);
        }
        int bBefore = b.own;
        counter.release(b);
        counter.release(a);
        counter.acquire(a);
        assertTrue(a.knows(1, bBefore));
        counter.release(a);
        counter.acquire(a);
        assertFalse(a.knows(1, b.own), "nothing b did after its release");
    }

    /**
     * A drain loop reads the volatile fields of dozens of objects in turn (a flatMap's inners,
     * their queues): each thread remembers the version it joined of as many vars, so the next
     * round over them joins nothing again. With 16 slots, 64 vars evicted each other.
     */
    @Test
    void aThreadRemembersTheJoinsOfManyVarsAtOnce() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        SyncVar[] vars = new SyncVar[64];
        for (int i = 0; i < vars.length; i++) {
            vars[i] = new SyncVar(); // slots handed out in turn: 64 distinct slots
            vars[i].release(a);
        }
        for (SyncVar v : vars) {
            v.acquire(b);
        }
        int remembered = 0;
        for (SyncVar v : vars) {
            for (SyncVar joined : b.joinedVars) {
                if (joined == v) {
                    remembered++;
                    break;
                }
            }
        }
        assertTrue(remembered == vars.length, remembered + " of " + vars.length + " joins remembered");
    }
}
