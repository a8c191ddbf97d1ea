package io.racewatch.locks;

import io.racewatch.detect.Detectors;
import io.racewatch.order.VectorClocks;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lock bookkeeping driven through two thread states in a written-down order. */
class LockTrackerTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    private final ThreadState a = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ThreadState b = new ThreadState(1, 1, VectorClocks.EMPTY);

    private static int site(String field, int line) {
        return Sites.register("com.acme.Store", "work", "Store.java", line, field);
    }

    /**
     * Each thread counts its acquisitions in its own held locks and adds them when it counts for
     * another lock name or ends; a report reads registered threads' counts as well. These two
     * states are driven on the test's thread without being registered, so they add theirs here.
     */
    private LockStats.Snapshot stats(String name) {
        a.locks.flushCounts();
        b.locks.flushCounts();
        return LockStats.all().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow().snapshot();
    }

    private static List<Finding> findings(String kind, String nameFragment) {
        return Findings.all().stream().filter(f -> f.kind().equals(kind) && f.resource().name().contains(nameFragment)).toList();
    }

    @Test
    void aWaitIsChargedToTheThreadThatHeldTheLock() {
        Object lock = new Object();
        int aSite = site("Store.contended", 10);
        int bSite = site("Store.contended", 20);
        LockTracker.requested(a, lock, aSite);
        LockTracker.acquired(a, lock, aSite);
        LockTracker.requested(b, lock, bSite); // a holds it: b waits because of a
        LockTracker.releasing(a, lock, aSite);
        LockTracker.acquired(b, lock, bSite);
        LockTracker.releasing(b, lock, bSite);

        LockStats.Snapshot s = stats("Store.contended");
        assertEquals(2, s.acquisitions());
        assertEquals(1, s.contended());
        assertEquals(1, s.waitedAt().size());
        assertEquals("Store.work:20", s.waitedAt().get(0).site());
        assertEquals("Store.work:10", s.causedBy().get(0).site(), "charged to the holder's acquisition");
        assertTrue(s.waitTotalNs() > 0);
    }

    @Test
    void aLockReleasedBeforeTheRequestMadeNobodyWait() {
        Object lock = new Object();
        int aSite = site("Store.handedOn", 50);
        int bSite = site("Store.handedOn", 60);
        LockTracker.requested(a, lock, aSite);
        LockTracker.acquired(a, lock, aSite);
        LockTracker.releasing(a, lock, aSite); // the holder's name stays with the lock, marked free
        LockTracker.requested(b, lock, bSite);
        LockTracker.acquired(b, lock, bSite);
        LockTracker.releasing(b, lock, bSite);
        LockStats.Snapshot s = stats("Store.handedOn");
        assertEquals(2, s.acquisitions());
        assertEquals(0, s.contended(), "free when asked for: no wait");
        assertEquals(0, s.waitedAt().size());
    }

    @Test
    void reentrantAcquisitionsAreOneHold() {
        Object lock = new Object();
        int s = site("Store.reentrant", 30);
        LockTracker.acquired(a, lock, s);
        LockTracker.acquired(a, lock, s);
        LockTracker.releasing(a, lock, s);
        assertEquals(1, a.locksHeld(), "still held after the inner release");
        LockTracker.releasing(a, lock, s);
        assertEquals(0, a.locksHeld());
        LockStats.Snapshot snap = stats("Store.reentrant");
        assertEquals(1, snap.acquisitions());
        assertEquals(1, snap.holds());
    }

    @Test
    void waitEndsAHoldSegment() {
        Object lock = new Object();
        int s = site("Store.waiting", 40);
        LockTracker.acquired(a, lock, s);
        LockTracker.waitBegins(a, lock, s);
        LockTracker.waitEnded(a, lock, s);
        LockTracker.releasing(a, lock, s);
        assertEquals(2, stats("Store.waiting").holds(), "before the wait, and after it");
    }

    @Test
    void oppositeOrdersAreALockOrderFinding() {
        Object x = new Object();
        Object y = new Object();
        int xs = site("Store.orderX", 50);
        int ys = site("Store.orderY", 51);
        LockTracker.acquired(a, x, xs);
        LockTracker.acquired(a, y, ys);
        LockTracker.releasing(a, y, ys);
        LockTracker.releasing(a, x, xs);
        LockTracker.acquired(b, y, ys);
        LockTracker.acquired(b, x, xs);
        LockTracker.releasing(b, x, xs);
        LockTracker.releasing(b, y, ys);

        List<Finding> found = findings("lock-order", "Store.orderX");
        assertEquals(1, found.size());
        assertEquals(4, found.get(0).accesses().size());
    }

    @Test
    void aGateLockAroundBothOrdersIsSafe() {
        Object gate = new Object();
        Object x = new Object();
        Object y = new Object();
        int gs = site("Store.gate", 60);
        int xs = site("Store.gatedX", 61);
        int ys = site("Store.gatedY", 62);
        for (ThreadState ts : new ThreadState[] {a, b}) {
            boolean xFirst = ts == a;
            LockTracker.acquired(ts, gate, gs);
            LockTracker.acquired(ts, xFirst ? x : y, xFirst ? xs : ys);
            LockTracker.acquired(ts, xFirst ? y : x, xFirst ? ys : xs);
            LockTracker.releasing(ts, xFirst ? y : x, xFirst ? ys : xs);
            LockTracker.releasing(ts, xFirst ? x : y, xFirst ? xs : ys);
            LockTracker.releasing(ts, gate, gs);
        }
        assertEquals(List.of(), findings("lock-order", "Store.gated"));
    }

    /** a holds {@code entry} and takes {@code table} inside; b takes {@code table}, then another lock of entry's name. */
    private void entryThenTableThenTheOpposite(ReentrantLock entry, String name, int line) {
        Object table = new Object();
        int entrySite = site(name, line);
        int tableSite = site(name + "Table", line + 1);
        LockTracker.acquired(a, entry, entrySite);
        LockTracker.acquired(a, table, tableSite);
        LockTracker.releasing(a, table, tableSite);
        ReentrantLock other = new ReentrantLock();
        LockTracker.acquired(b, table, tableSite);
        LockTracker.acquired(b, other, entrySite);
        LockTracker.releasing(b, other, entrySite);
        LockTracker.releasing(b, table, tableSite);
    }

    @Test
    void aLockDroppedStillLockedByTheOnlyThreadThatTookItAddsNoOrderUntilTheHoldEnds() {
        ReentrantLock dropped = new ReentrantLock();
        entryThenTableThenTheOpposite(dropped, "Store.droppedEntry", 70);
        assertEquals(List.of(), findings("lock-order", "Store.droppedEntry"), "no thread but a ever took it, and a still holds it");

        LockTracker.releasing(a, dropped, site("Store.droppedEntry", 70)); // the hold ends: it had a scope after all
        assertEquals(1, findings("lock-order", "Store.droppedEntry").size(), "the order a kept counts now");
        assertEquals(0, a.locksHeld());
    }

    @Test
    void aHeldLockAnotherThreadTookBeforeCountsAtOnce() {
        ReentrantLock entry = new ReentrantLock();
        int entrySite = site("Store.sharedEntry", 80);
        LockTracker.acquired(b, entry, entrySite);
        LockTracker.releasing(b, entry, entrySite);
        entryThenTableThenTheOpposite(entry, "Store.sharedEntry", 80);
        assertEquals(1, findings("lock-order", "Store.sharedEntry").size(), "b could wait for it: a's order counts while a holds it");
    }

    @Test
    void aWaitThatGivesTheLockUpMakesItsOrdersCount() {
        ReentrantLock entry = new ReentrantLock();
        entryThenTableThenTheOpposite(entry, "Store.waitedEntry", 90);
        assertEquals(List.of(), findings("lock-order", "Store.waitedEntry"));
        LockTracker.waitBegins(a, entry, site("Store.waitedEntry", 90)); // a waker takes it meanwhile
        assertEquals(1, findings("lock-order", "Store.waitedEntry").size());
    }

    @Test
    void aGateLockOnlyOneThreadHadTakenYetStillGates() {
        ReentrantLock gate = new ReentrantLock(); // a's alone when a takes x then y under it
        Object x = new Object();
        Object y = new Object();
        int gs = site("Store.soleGate", 100);
        int xs = site("Store.soleGatedX", 101);
        int ys = site("Store.soleGatedY", 102);
        for (ThreadState ts : new ThreadState[] {a, b}) {
            boolean xFirst = ts == a;
            LockTracker.acquired(ts, gate, gs);
            LockTracker.acquired(ts, xFirst ? x : y, xFirst ? xs : ys);
            LockTracker.acquired(ts, xFirst ? y : x, xFirst ? ys : xs);
            LockTracker.releasing(ts, xFirst ? y : x, xFirst ? ys : xs);
            LockTracker.releasing(ts, xFirst ? x : y, xFirst ? xs : ys);
            LockTracker.releasing(ts, gate, gs);
        }
        assertEquals(List.of(), findings("lock-order", "Store.soleGated"));
    }
}
