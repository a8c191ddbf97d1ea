package shop;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SafeInventoryTest {
    @Test
    void lastLampIsSoldOnce() throws InterruptedException {
        SafeInventory inventory = new SafeInventory();
        inventory.restock("lamp", 1);
        AtomicInteger sold = new AtomicInteger();
        Runnable buy = () -> {
            if (inventory.reserve("lamp")) {
                sold.incrementAndGet();
            }
        };
        Concurrently.run(buy, buy);
        assertEquals(1, sold.get());
        assertEquals(0, inventory.left("lamp"));
    }
}
