package io.racewatch.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Look-ups without the stripe's monitor must find every entry put before them, through growth. */
class WeakIdentityTableTest {
    @Test
    void findsEveryKeyPutAndNoOther() {
        WeakIdentityTable<Integer> table = new WeakIdentityTable<>();
        Object[] keys = new Object[5_000]; // enough for every stripe to grow several times
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            assertEquals(i, table.putIfAbsent(keys[i], i));
        }
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, table.get(keys[i]), "key " + i);
        }
        assertNull(table.get(new Object()));
        assertEquals(0, table.putIfAbsent(keys[0], -1), "the first value stays");
    }

    @Test
    void aReplacedValueIsTheOneFound() {
        WeakIdentityTable<String> table = new WeakIdentityTable<>();
        Object key = new Object();
        table.putIfAbsent(key, "old");
        assertEquals("new", table.replace(key, "old", "new"));
        assertEquals("new", table.get(key));
        assertEquals("new", table.replace(key, "old", "other"), "not replaced: the value is no longer the expected one");
    }

    /**
     * A reader looks up keys that a writer has put (and published through a volatile count) while
     * the writer keeps adding keys, so chains are relinked under the reader's feet: each look-up
     * must still find its key, falling back to the monitor when the unlocked walk misses it.
     */
    @Test
    void aKeyPutBeforeIsFoundWhileTheTableGrows() throws InterruptedException {
        WeakIdentityTable<Integer> table = new WeakIdentityTable<>();
        int n = 20_000;
        Object[] keys = new Object[n];
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
                    Integer v = table.get(keys[i]);
                    if (v == null || v != i) {
                        wrong.compareAndSet(null, "key " + i + " of " + upTo + " read as " + v);
                        return;
                    }
                }
            }
        });
        reader.start();
        go.countDown();
        for (int i = 0; i < n; i++) {
            table.putIfAbsent(keys[i], i);
            published.set(i + 1);
        }
        reader.join();
        assertNull(wrong.get());
        assertSame(null, table.get(new Object()));
    }
}
