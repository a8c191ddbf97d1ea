package io.racewatch.order;

import org.junit.jupiter.api.Test;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One var per object, found with and without the stripe's monitor, through growth; aliases bound once. */
class VarTableTest {
    @Test
    void eachObjectKeepsTheVarMadeForIt() {
        VarTable table = new VarTable();
        Object[] keys = new Object[5_000]; // enough for every stripe to grow several times
        SyncVar[] vars = new SyncVar[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            assertNull(table.get(keys[i]));
            vars[i] = table.make(keys[i]);
        }
        for (int i = 0; i < keys.length; i++) {
            assertSame(vars[i], table.get(keys[i]), "key " + i);
            assertSame(vars[i], table.make(keys[i]), "made once, key " + i);
        }
        assertNotSame(vars[0], vars[1]);
        assertNull(table.get(new Object()));
    }

    @Test
    void anAliasSharesItsVarAndTheFirstBindingWins() {
        VarTable table = new VarTable();
        Object lock = new Object();
        Object readLock = new Object();
        SyncVar var = table.make(lock);
        int before = table.insertions(readLock);
        table.bind(readLock, var);
        assertNotEquals(before, table.insertions(readLock), "a binding counts as an entry made");
        assertSame(var, table.get(readLock));
        assertSame(var, table.make(readLock), "no var of its own once bound");
        table.bind(readLock, table.make(new Object()));
        assertSame(var, table.get(readLock), "the first binding stays");
    }

    @Test
    void anObjectIsFoundByItsIdentityHashAndClass() {
        VarTable table = new VarTable();
        StringBuilder object = new StringBuilder("lock");
        SyncVar var = table.make(object);
        assertSame(var, table.findByIdentityHash(System.identityHashCode(object), StringBuilder.class.getName()));
        assertNull(table.findByIdentityHash(System.identityHashCode(object), String.class.getName()));
    }

    /** Entries of collected objects are cleared out on request, with no new entry needed to trigger it. */
    @Test
    void theEntriesOfCollectedObjectsGoWhenAsked() throws InterruptedException {
        VarTable table = new VarTable();
        Object kept = new Object();
        table.make(kept);
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        List<WeakReference<Object>> watch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Object dropped = new Object();
            table.make(dropped);
            watch.add(new WeakReference<>(dropped, collected));
        }
        int gone = 0;
        for (long deadline = System.nanoTime() + 10_000_000_000L; gone < watch.size() && System.nanoTime() < deadline; ) {
            System.gc();
            while (collected.remove(100) != null) {
                gone++;
            }
        }
        assertEquals(watch.size(), gone, "the dropped objects were collected");
        // The table's own references to them are cleared by the same collection and enqueued soon after.
        for (long deadline = System.nanoTime() + 10_000_000_000L; table.size() > 1 && System.nanoTime() < deadline; ) {
            table.expungeCollected();
            System.gc();
        }
        assertEquals(1, table.size(), "only the live object's entry is left");
        assertNotNull(table.get(kept));
    }

    /**
     * A reader looks up objects whose vars a writer made (published through a volatile count)
     * while the writer keeps making more, so chains are relinked under the reader's feet: each
     * look-up must still find the var, falling back to the monitor when the unlocked walk misses.
     */
    @Test
    void aVarMadeBeforeIsFoundWhileTheTableGrows() throws InterruptedException {
        VarTable table = new VarTable();
        int n = 20_000;
        Object[] keys = new Object[n];
        SyncVar[] vars = new SyncVar[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new Object();
        }
        AtomicInteger published = new AtomicInteger();
        AtomicReference<String> wrong = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int round = 0; round < 50 && wrong.get() == null; round++) {
                int upTo = published.get();
                for (int i = 0; i < upTo; i++) {
                    if (table.get(keys[i]) != vars[i]) {
                        wrong.compareAndSet(null, "key " + i + " of " + upTo);
                        return;
                    }
                }
            }
        });
        reader.start();
        go.countDown();
        for (int i = 0; i < n; i++) {
            vars[i] = table.make(keys[i]);
            published.set(i + 1);
        }
        reader.join();
        assertNull(wrong.get());
    }

    /**
     * A look-up of an object that has no var ends without the stripe's monitor: here another
     * thread holds that monitor for the whole look-up, which returns all the same.
     */
    @Test
    void anObjectWithNoVarIsMissedWithoutTheMonitor() throws InterruptedException {
        VarTable table = new VarTable();
        for (int i = 0; i < 1_000; i++) {
            table.make(new Object()); // chains to walk past
        }
        Object nobodys = new Object();
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<Object> found = new AtomicReference<>("not asked");
        synchronized (table.stripeOf(nobodys)) {
            Thread reader = new Thread(() -> {
                found.set(table.entry(nobodys));
                answered.countDown();
            });
            reader.start();
            assertTrue(answered.await(60, TimeUnit.SECONDS), "the look-up waited for the stripe's monitor");
        }
        assertNull(found.get());
    }

    /**
     * A walk without the monitor is a sure miss only while no growth relinked the chains: the
     * count taken before a growth no longer vouches for it, the count taken after does.
     */
    @Test
    void aWalkDuringAGrowthIsNoSureMiss() {
        VarTable table = new VarTable();
        Object key = new Object();
        Object stripe = table.stripeOf(key);
        int before = VarTable.growthsOf(stripe);
        assertTrue(VarTable.sureMiss(stripe, before), "nothing grew");
        while (VarTable.growthsOf(stripe) == before) {
            table.make(new Object());
        }
        assertFalse(VarTable.sureMiss(stripe, before), "the stripe grew since the walk began");
        int after = VarTable.growthsOf(stripe);
        assertTrue(VarTable.sureMiss(stripe, after));
        assertFalse(VarTable.sureMiss(stripe, after | 1), "a growth under way when the walk began");
    }
}
