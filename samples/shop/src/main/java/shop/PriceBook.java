package shop;

import java.util.concurrent.ConcurrentHashMap;

/** Prices in cents, adjusted atomically: safe from any thread. */
public class PriceBook {
    private final ConcurrentHashMap<String, Long> cents = new ConcurrentHashMap<>();

    public void adjust(String item, long delta) {
        cents.merge(item, delta, Long::sum);
    }

    public long price(String item) {
        return cents.getOrDefault(item, 0L);
    }
}
