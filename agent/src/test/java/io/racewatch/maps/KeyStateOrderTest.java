package io.racewatch.maps;

import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The happens-before a thread-safe map carries through one key: a write publishes the writer's
 * clock, a later read of the key joins it. The key's var is made only when another thread needs
 * it; until then the releases it would hold are kept in the key's state, with the same effect.
 */
class KeyStateOrderTest {
    private static ThreadState thread(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    @Test
    void aReadOfAKeyWrittenOnceIsOrderedAfterTheWrite() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        KeyState key = KeyState.of("k", false);
        int beforeWrite = a.own;
        key.release(a, 100);
        assertTrue(a.own > beforeWrite, "the write advanced the writer's own entry");
        key.acquire(b, 101);
        assertTrue(b.knows(0, beforeWrite));
        assertFalse(b.knows(0, a.own), "what the writer did after its write is not ordered before the read");
    }

    @Test
    void aWritersLaterWritesAreKeptTooAndAReadBeforeAnyWriteLearnsNothing() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        KeyState key = KeyState.of("k", false);
        key.acquire(b, 101);
        assertFalse(b.knows(0, a.own));
        key.release(a, 100);
        key.acquire(a, 100); // its own write: nothing new
        int beforeSecond = a.own;
        key.release(a, 100);
        key.acquire(b, 101);
        assertTrue(b.knows(0, beforeSecond), "the second write is the one joined");
    }

    @Test
    void writesByTwoThreadsAreBothJoined() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        KeyState key = KeyState.of("k", false);
        int aBefore = a.own;
        key.release(a, 100);
        int bBefore = b.own;
        key.release(b, 101); // b never read the key: unordered with a's write, the var holds both
        key.acquire(c, 102);
        assertTrue(c.knows(0, aBefore));
        assertTrue(c.knows(1, bBefore));
    }

    @Test
    void aWriterOrderedAfterTheFirstTakesTheKeyOver() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        ThreadState c = thread(2);
        KeyState key = KeyState.of("k", false);
        int aBefore = a.own;
        key.release(a, 100);
        key.acquire(b, 101);
        int bBefore = b.own;
        key.release(b, 101);
        key.acquire(c, 102);
        assertTrue(c.knows(0, aBefore), "through b, which joined a's write");
        assertTrue(c.knows(1, bBefore));
    }
}
