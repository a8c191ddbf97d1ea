package shop;

import java.util.HashMap;
import java.util.Map;

/** Placed orders by id. Racy on purpose: a plain HashMap written by every checkout thread. */
public class OrderLog {
    private final Map<Long, String> orders = new HashMap<>();

    public void record(long id, String summary) {
        orders.put(id, summary);
    }

    public int size() {
        return orders.size();
    }
}
