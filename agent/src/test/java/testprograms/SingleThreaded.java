package testprograms;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every kind of map read and written by one thread only (main): read-modify-writes without any
 * lock, check-then-act, removes, clears. Nothing can race; the agent must report nothing.
 * Prints {@code single-thread total=5000 size=10} for each map kind.
 */
public final class SingleThreaded {
    public static void main(String[] args) {
        for (Map<String, Integer> map : java.util.List.<Map<String, Integer>>of(new HashMap<>(), new TreeMap<>(),
                new LinkedHashMap<>(), new ConcurrentHashMap<>(), new Hashtable<>())) {
            for (int i = 0; i < 1000; i++) {
                String key = "k" + (i % 10);
                Integer v = map.get(key);
                map.put(key, v == null ? 1 : v + 1);
                if (!map.containsKey("tmp")) {
                    map.put("tmp", i);
                }
                map.remove("tmp");
                map.put(key, map.getOrDefault(key, 0) + 4);
            }
            int total = map.values().stream().mapToInt(Integer::intValue).sum();
            System.out.println("single-thread " + map.getClass().getSimpleName() + " total=" + total + " size=" + map.size());
            map.clear();
        }
    }
}
