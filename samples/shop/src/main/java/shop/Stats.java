package shop;

import java.util.HashMap;
import java.util.Map;

/** Page hit counts. A lost update here costs a hit in a dashboard: the team accepts it (see StatsTest). */
public class Stats {
    private final Map<String, Integer> hits = new HashMap<>();

    public void hit(String page) {
        hits.put(page, hits.getOrDefault(page, 0) + 1);
    }
}
