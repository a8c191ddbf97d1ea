package io.racewatch.maps;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
