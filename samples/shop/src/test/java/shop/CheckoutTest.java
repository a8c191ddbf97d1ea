package shop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** Mailer is final: Mockito's inline mock maker rewrites it, in the same JVM as racewatch and JaCoCo. */
@ExtendWith(MockitoExtension.class)
class CheckoutTest {
    @Mock
    Mailer mailer;

    @Test
    void confirmsByMail() {
        Inventory inventory = new Inventory();
        inventory.restock("desk", 1);
        Checkout checkout = new Checkout(inventory, new OrderLog(), mailer);
        assertTrue(checkout.place(1, "desk", "ada@example.com"));
        verify(mailer).send("ada@example.com", "Order 1: desk");
    }

    /** Each customer buys a different item, so the stock is fine; the order log is a HashMap written by both threads. */
    @Test
    void concurrentCheckoutsAreAllLogged() throws InterruptedException {
        Inventory inventory = new Inventory();
        inventory.restock("desk", 1);
        inventory.restock("shelf", 1);
        OrderLog log = new OrderLog();
        Checkout checkout = new Checkout(inventory, log, mailer);
        Concurrently.run(() -> checkout.place(1, "desk", "ada@example.com"), () -> checkout.place(2, "shelf", "bob@example.com"));
        assertEquals(2, log.size());
        verify(mailer, times(2)).send(anyString(), anyString());
    }
}
