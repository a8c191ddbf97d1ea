package io.racewatch.maps;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A key's description, made when a finding asks for it, is the one made at first sight before. */
class KeyStateTest {
    private static final class Order {
    }

    @Test
    void aKeptKeyIsDescribedAsOnFirstSight() {
        Order order = new Order();
        assertEquals(Keys.describe(order), KeyState.of(order, false).keyText());
        assertEquals("42", KeyState.of(42, false).keyText());
        assertEquals("null", KeyState.of(null, false).keyText());
    }

    @Test
    void aWeakMapsKeyIsDescribedAtOnce() {
        String key = new String("session-7");
        KeyState state = KeyState.of(key, true);
        assertEquals("session-7", state.keyText());
        KeyState kept = KeyState.of(key, false);
        assertSame(kept.keyText(), kept.keyText(), "described once");
    }

    @Test
    void aWeakMapsBoxedKeyIsHeldAsACopyAndDescribedAsTheKey() {
        Integer key = 100_000 + (int) (System.nanoTime() & 1); // not a cached box: the program's own object
        KeyState state = KeyState.of(key, true);
        assertNotSame(key, state.key(), "never the program's object: a weak map's entry must stay collectable");
        assertEquals(key, state.key());
        assertEquals(key.toString(), state.keyText());
        Long big = 5_000_000_000L + (System.nanoTime() & 1);
        assertNotSame(big, KeyState.of(big, true).key());
        assertEquals(big.toString(), KeyState.of(big, true).keyText());
        assertEquals("true", KeyState.of(Boolean.TRUE, true).keyText());
        assertEquals("x", KeyState.of('x', true).keyText());
        assertEquals("1.5", KeyState.of(1.5d, true).keyText());
    }

    @Test
    void aWeakMapsOtherKeyIsNotHeld() {
        assertNull(KeyState.of(new String("k"), true).key());
        assertNull(KeyState.of(new Order(), true).key());
    }
}
