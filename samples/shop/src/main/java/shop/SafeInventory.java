package shop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Stock per item, reserved in one atomic step: the fix for {@link Inventory}. */
public class SafeInventory {
    private final ConcurrentHashMap<String, Integer> stock = new ConcurrentHashMap<>();

    public void restock(String item, int count) {
        stock.merge(item, count, Integer::sum);
    }

    public boolean reserve(String item) {
        AtomicBoolean taken = new AtomicBoolean();
        stock.computeIfPresent(item, (k, left) -> {
            if (left == 0) {
                return 0;
            }
            taken.set(true);
            return left - 1;
        });
        return taken.get();
    }

    public int left(String item) {
        return stock.getOrDefault(item, 0);
    }
}
