package it.app;

import it.testkit.Turns;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstRaceTest {
    @Test
    void twoAdds() throws InterruptedException {
        Tally t = new Tally();
        Turns.run(() -> t.add("a"), () -> t.add("a"));
        assertEquals(2, t.get("a"));
    }

    @Test
    void safeAdds() throws InterruptedException {
        Tally t = new Tally();
        Turns.run(() -> t.addSafely("a"), () -> t.addSafely("a"));
        assertEquals(2, t.get("a"));
    }
}
