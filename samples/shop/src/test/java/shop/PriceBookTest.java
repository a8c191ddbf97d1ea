package shop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriceBookTest {
    @Test
    void concurrentAdjustmentsAllCount() throws InterruptedException {
        PriceBook prices = new PriceBook();
        Concurrently.run(() -> prices.adjust("lamp", 100), () -> prices.adjust("lamp", 250));
        assertEquals(350, prices.price("lamp"));
    }
}
