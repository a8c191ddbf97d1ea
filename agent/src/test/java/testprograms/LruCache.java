package testprograms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LRU cache made of an access-ordered LinkedHashMap: its get moves the entry to the end, so
 * two threads calling get without a lock can corrupt its list. Main fills the cache, then two
 * readers get one key each, one after the other through a hand-off racewatch cannot see.
 * Args: {@code racy} (access order, no lock), {@code clean} (access order, each get under the
 * cache's lock), {@code insertion-order} (no lock, but a get of an insertion-ordered map only reads).
 */
public final class LruCache {
    private static Map<String, Integer> cache;

    public static void main(String[] args) throws InterruptedException {
        String twin = args[0];
        boolean accessOrder = !twin.equals("insertion-order");
        cache = new LinkedHashMap<>(16, 0.75f, accessOrder);
        cache.put("a", 1);
        cache.put("b", 2);
        boolean locked = twin.equals("clean");
        Handoff firstDone = new Handoff();
        int[] seen = new int[2];
        Both.run("reader-1", () -> {
            if (locked) {
                synchronized (cache) {
                    seen[0] = cache.get("a"); // @get-locked-1
                }
            } else {
                seen[0] = cache.get("a"); // @get-1
            }
            firstDone.signal();
        }, "reader-2", () -> {
            firstDone.await();
            if (locked) {
                synchronized (cache) {
                    seen[1] = cache.getOrDefault("b", 0); // @get-locked-2
                }
            } else {
                seen[1] = cache.getOrDefault("b", 0); // @get-2
            }
        });
        System.out.println(twin + " sum=" + (seen[0] + seen[1]) + " order=" + cache.keySet());
    }
}
