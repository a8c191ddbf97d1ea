package shop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Three tests that run at the same time (JUnit's parallel execution; they wait for each other
 * before they start their threads). Each racy test must fail with its own item only.
 */
@Execution(ExecutionMode.CONCURRENT)
class ParallelCheckoutTest {
    private static final CyclicBarrier ALL_RUNNING = new CyclicBarrier(3);

    private static void lastOneSoldTwice(String item) throws Exception {
        ALL_RUNNING.await(60, TimeUnit.SECONDS);
        Inventory inventory = new Inventory();
        inventory.restock(item, 1);
        Concurrently.run(() -> inventory.reserve(item), () -> inventory.reserve(item));
    }

    @Test
    void racyBasket() throws Exception {
        lastOneSoldTwice("basket");
    }

    @Test
    void racyKettle() throws Exception {
        lastOneSoldTwice("kettle");
    }

    @Test
    void cleanMirror() throws Exception {
        ALL_RUNNING.await(60, TimeUnit.SECONDS);
        SafeInventory inventory = new SafeInventory();
        inventory.restock("mirror", 1);
        Concurrently.run(() -> inventory.reserve("mirror"), () -> inventory.reserve("mirror"));
    }
}
