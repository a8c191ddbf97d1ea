package shop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryTest {
    /** Passes by luck without racewatch (the threads rarely overlap); racewatch fails it: check-then-act on the stock. */
    @Test
    void lastLampIsSoldOnce() throws InterruptedException {
        Inventory inventory = new Inventory();
        inventory.restock("lamp", 1);
        Concurrently.run(() -> inventory.reserve("lamp"), () -> inventory.reserve("lamp"));
        assertEquals(0, inventory.left("lamp"));
    }

    @Test
    void reservesUntilSoldOut() {
        Inventory inventory = new Inventory();
        inventory.restock("chair", 2);
        assertTrue(inventory.reserve("chair"));
        assertTrue(inventory.reserve("chair"));
        assertFalse(inventory.reserve("chair"));
    }
}
