package it.app;

import it.testkit.Turns;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecondRaceTest {
    @Test
    void twoDoubleAdds() throws InterruptedException {
        Tally t = new Tally();
        Turns.run(() -> t.addTwice("b"), () -> t.addTwice("b"));
        assertEquals(4, t.get("b"));
    }
}
