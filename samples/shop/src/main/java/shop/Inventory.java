package shop;

import java.util.HashMap;
import java.util.Map;

/** Stock per item. Racy on purpose: {@link #reserve} checks and then updates without a lock. */
public class Inventory {
    private final Map<String, Integer> stock = new HashMap<>();

    public synchronized void restock(String item, int count) {
        stock.merge(item, count, Integer::sum);
    }

    /** Takes one of {@code item} if any is left. Two checkouts can both see the last one. */
    public boolean reserve(String item) {
        Integer left = stock.get(item);
        if (left == null || left == 0) {
            return false;
        }
        stock.put(item, left - 1);
        return true;
    }

    public int left(String item) {
        return stock.getOrDefault(item, 0);
    }
}
