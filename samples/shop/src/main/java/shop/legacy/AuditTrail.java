package shop.legacy;

import java.util.HashMap;
import java.util.Map;

/** Old audit counters, racy, due for removal: suppressed in racewatch-suppressions.txt rather than fixed. */
public class AuditTrail {
    private final Map<String, Integer> events = new HashMap<>();

    public void note(String event) {
        Integer n = events.get(event);
        events.put(event, n == null ? 1 : n + 1);
    }
}
