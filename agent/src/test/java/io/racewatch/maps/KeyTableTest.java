package io.racewatch.maps;

import io.racewatch.runtime.Tracking;

import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys compared as the map compares them, never under a lock of racewatch's, and described without their code. */
class KeyTableTest {
    private static int hash(Object key) {
        return (int) Keys.hash(key);
    }

    /** equals blocks until released: only another thread's progress can release it. */
    static final class BlockingKey {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public boolean equals(Object o) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return o == this;
        }
    }

    /** A key whose hashCode throws has no hash (no key state: the map-wide checks still apply); every int hash is a hash. */
    @Test
    void aKeyWhoseHashCodeThrowsHasNoHashAndEveryIntIsAHash() {
        Object broken = new Object() {
            @Override
            public int hashCode() {
                throw new IllegalStateException("hostile");
            }
        };
        assertEquals(Keys.NO_HASH, Keys.hash(broken));
        assertEquals(Keys.NO_HASH, Keys.hash(broken, KeyMatch.EQUALS));
        Object extreme = new Object() {
            @Override
            public int hashCode() {
                return Integer.MIN_VALUE;
            }
        };
        assertNotEquals(Keys.NO_HASH, Keys.hash(extreme));
        assertEquals(Integer.MIN_VALUE ^ (Integer.MIN_VALUE >>> 16), (int) Keys.hash(extreme));
    }

    @Test
    void aKeysEqualsRunsWithNoLockHeldSoOtherThreadsCarryOn() throws Exception {
        KeyTable table = new KeyTable(KeyMatch.EQUALS, false);
        BlockingKey first = new BlockingKey();
        KeyState firstState = table.get(first, hash(first), () -> new KeyState("first"));
        BlockingKey second = new BlockingKey(); // same hash: looking it up calls second.equals(first), which blocks
        Thread looker = new Thread(() -> table.get(second, hash(second), () -> new KeyState("second")));
        looker.start();
        assertTrue(second.entered.await(30, TimeUnit.SECONDS), "the looker is inside equals");
        // The looker is stuck in the application's equals: the table must still serve everyone else.
        KeyState other = table.get("other", hash("other"), () -> new KeyState("other"));
        assertEquals("other", other.keyText());
        assertSame(other, table.get("other", hash("other"), () -> new KeyState("again")));
        second.release.countDown();
        looker.join();
        KeyState secondState = table.get(second, hash(second), () -> new KeyState("never"));
        assertEquals("second", secondState.keyText());
        assertNotSame(firstState, secondState);
    }

    @Test
    void pastTheCapTheOldestKeysAreForgotten() {
        int cap = Tracking.maxKeysPerMap;
        try {
            Tracking.maxKeysPerMap = 4;
            KeyTable table = new KeyTable(KeyMatch.EQUALS, false);
            for (int i = 0; i < 100; i++) {
                Integer k = i;
                table.get(k, hash(k), () -> new KeyState(String.valueOf(k)));
            }
            int[] count = new int[1];
            table.forEach(ks -> count[0]++);
            assertEquals(4, count[0]);
        } finally {
            Tracking.maxKeysPerMap = cap;
        }
    }

    @Test
    void keysAreDescribedWithoutTheirOwnCode() {
        Object key = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("racewatch called toString");
            }
        };
        assertTrue(Keys.describe(key).matches("KeyTableTest\\$\\d+@[0-9a-f]+"), Keys.describe(key));
        assertEquals("job-1", Keys.describe("job-1"));
        assertEquals("42", Keys.describe(42));
        assertEquals("SECONDS", Keys.describe(TimeUnit.SECONDS));
        UUID id = UUID.randomUUID();
        assertEquals(id.toString(), Keys.describe(id));
        assertEquals("java.lang.String", Keys.describe(String.class));
        assertEquals("null", Keys.describe(null));
    }

    @Test
    void aSortedMapsApplicationKeysAreTellApartByIdentityButJdkValuesByValue() {
        Object a = new Object() {
            @Override
            public int hashCode() {
                throw new AssertionError("a sorted map never calls hashCode");
            }
        };
        assertEquals(Keys.hash(a, KeyMatch.SORTED), Keys.hash(a, KeyMatch.SORTED));
        assertTrue(Keys.same(a, a, KeyMatch.SORTED));
        assertTrue(Keys.same(new String("k"), "k", KeyMatch.SORTED));
    }

    @Test
    void anIdentityMapsEqualStringsAreTwoKeys() {
        KeyTable table = new KeyTable(KeyMatch.IDENTITY, false);
        String a = new String("k");
        String b = new String("k");
        KeyState sa = table.get(a, (int) Keys.hash(a, KeyMatch.IDENTITY), () -> new KeyState("a"));
        KeyState sb = table.get(b, (int) Keys.hash(b, KeyMatch.IDENTITY), () -> new KeyState("b"));
        assertNotSame(sa, sb);
        assertSame(sa, table.get(a, (int) Keys.hash(a, KeyMatch.IDENTITY), () -> new KeyState("again")));
    }

    @Test
    void aWeakMapsKeysAreNotKeptAliveAndAnEqualKeyTakesTheStateOver() throws Exception {
        KeyTable table = new KeyTable(KeyMatch.EQUALS, true);
        Object[] key = {new String("bean")};
        KeyState first = table.get(key[0], (int) Keys.hash(key[0]), () -> new KeyState("bean"));
        java.lang.ref.WeakReference<Object> seen = new java.lang.ref.WeakReference<>(key[0]);
        key[0] = null;
        for (int i = 0; i < 50 && seen.get() != null; i++) {
            System.gc();
        }
        assertTrue(seen.get() == null, "the table kept its key alive");
        // A lookup key made for one get is gone at once: an equal key (same hash) still finds its state.
        String equal = new String("bean");
        assertSame(first, table.get(equal, (int) Keys.hash(equal), () -> new KeyState("fresh")));
        assertSame(first, table.get("bean", (int) Keys.hash("bean"), () -> new KeyState("fresh")));
    }

    @Test
    void aWeakMapsBoxedKeyIsKeptAsACopySoTheProgramsBoxIsCollectedAndAnEqualKeyFindsTheState() {
        KeyTable table = new KeyTable(KeyMatch.EQUALS, true);
        int value = 100_000 + (int) (System.nanoTime() & 1); // past the JDK's cache of boxes: each box is the program's own
        java.lang.ref.WeakReference<?>[] seen = new java.lang.ref.WeakReference<?>[1];
        KeyState first = insertBox(table, value, seen);
        for (int i = 0; i < 50 && seen[0].get() != null; i++) {
            System.gc();
        }
        assertTrue(seen[0].get() == null, "the table kept the program's key alive");
        Integer equal = value; // another box, equal
        assertSame(first, table.get(equal, (int) Keys.hash(equal), () -> KeyState.of(equal, true)));
        assertEquals(equal, first.key());
    }

    /** Inserts a box of {@code value} made here, leaving only a weak reference to it in {@code seen}. */
    private static KeyState insertBox(KeyTable table, int value, java.lang.ref.WeakReference<?>[] seen) {
        Integer box = Integer.valueOf(value);
        seen[0] = new java.lang.ref.WeakReference<>(box);
        return table.get(box, (int) Keys.hash(box), () -> KeyState.of(box, true));
    }

    /**
     * A cache's map past the cap: most keys it sees are new, each forgets one. The keys kept must stay
     * spread over the buckets (a look-up walks one short chain, a forgetting finds its key at once),
     * not pile up in a few chains while the rest of the table empties.
     */
    @Test
    void pastTheCapTheKeysStaySpreadOverTheBuckets() {
        KeyTable table = new KeyTable(KeyMatch.EQUALS, false);
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            double u = random.nextDouble();
            Integer k = (int) (u * u * 20_000); // skewed: a few hot keys and a long tail, as a cache sees them
            table.get(k, hash(k), () -> new KeyState(String.valueOf(k)));
        }
        int[] count = new int[1];
        table.forEach(ks -> count[0]++);
        assertEquals(Tracking.maxKeysPerMap, count[0]);
        assertTrue(table.longestChain() <= 8, "longest chain " + table.longestChain());
    }

    /**
     * A full table takes no lock for a new key: a cache's map past the cap makes one on most
     * accesses, and its threads must not queue on the table. Here another thread holds the table's
     * monitor throughout; new keys are still made and the count stays at the cap.
     */
    @Test
    void aFullTableTakesNewKeysWithoutItsLock() throws Exception {
        int cap = Tracking.maxKeysPerMap;
        try {
            Tracking.maxKeysPerMap = 8;
            KeyTable table = new KeyTable(KeyMatch.EQUALS, false);
            for (int i = 0; i < 8; i++) {
                Integer k = i;
                table.get(k, hash(k), () -> new KeyState(String.valueOf(k)));
            }
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                synchronized (table) {
                    held.countDown();
                    try {
                        done.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            holder.start();
            assertTrue(held.await(30, TimeUnit.SECONDS));
            Thread maker = new Thread(() -> {
                for (int i = 100; i < 200; i++) {
                    Integer k = i;
                    table.get(k, hash(k), () -> new KeyState(String.valueOf(k)));
                }
                done.countDown();
            });
            maker.setDaemon(true); // left blocked on the monitor if the table locks
            maker.start();
            boolean madeWhileHeld = done.await(30, TimeUnit.SECONDS);
            done.countDown();
            holder.join();
            assertTrue(madeWhileHeld, "new keys made while another thread holds the table's monitor");
            int[] count = new int[1];
            table.forEach(ks -> count[0]++);
            assertEquals(8, count[0]);
            KeyState last = table.get(199, hash(199), () -> new KeyState("again"));
            assertEquals("199", last.keyText());
        } finally {
            Tracking.maxKeysPerMap = cap;
        }
    }

    /**
     * A key linked by another look-up between a look-up's walk and its insertion (here the fresh state's
     * maker, which runs in between) is found when the insertion looks again: one key, one state, before
     * the cap (under the table's monitor) and past it (the compare-and-set).
     */
    @Test
    void aKeyLinkedBetweenTheWalkAndTheInsertionIsFoundNotLinkedTwice() {
        int cap = Tracking.maxKeysPerMap;
        try {
            for (int capNow : new int[] {1024, 4}) {
                Tracking.maxKeysPerMap = capNow;
                KeyTable table = new KeyTable(KeyMatch.EQUALS, false);
                for (int i = 0; i < 4; i++) {
                    Integer k = i;
                    table.get(k, hash(k), () -> new KeyState(String.valueOf(k)));
                }
                assertEquals(capNow == 4, table.isFull());
                String key = "late";
                KeyState[] linkedMeanwhile = new KeyState[1];
                KeyState got = table.get(key, hash(key), () -> {
                    linkedMeanwhile[0] = table.get(key, hash(key), () -> new KeyState("first"));
                    return new KeyState("second");
                });
                assertSame(linkedMeanwhile[0], got, "cap " + capNow);
                assertEquals("first", got.keyText());
                int[] linked = new int[2];
                table.forEach(ks -> {
                    linked[0] += ks == got ? 1 : 0;
                    linked[1] += ks.keyText().equals("second") ? 1 : 0;
                });
                assertEquals(1, linked[0], "cap " + capNow);
                assertEquals(0, linked[1], "the second state was linked too, cap " + capNow);
                assertSame(got, table.get(new String("late"), hash(key), () -> new KeyState("third")));
            }
        } finally {
            Tracking.maxKeysPerMap = cap;
        }
    }
}
