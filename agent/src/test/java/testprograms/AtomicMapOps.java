package testprograms;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Two threads update the same keys of a ConcurrentHashMap at the same time, with NO ordering
 * between them, but only through atomic operations: merge, compute, computeIfAbsent,
 * computeIfPresent, putIfAbsent, and the correct fixes of a check-then-act: a
 * get + replace(key, old, new) compare-and-set retry loop, and get + putIfAbsent.
 * None of these is a read-modify-write race; the agent must report nothing.
 * Prints {@code merged=2000 computed=2000 cas=2000 absent=5 first=1}.
 */
public final class AtomicMapOps {
    private static final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

    static void update() {
        for (int i = 0; i < 1000; i++) {
            counts.merge("merged", 1, Integer::sum);
            counts.compute("computed", (k, v) -> v == null ? 1 : v + 1);
            counts.computeIfAbsent("absent" + (i % 5), k -> 0);
            counts.computeIfPresent("computed", (k, v) -> v);
            while (true) { // a compare-and-set loop: the write only happens if nobody wrote in between
                Integer old = counts.get("cas");
                if (old == null ? counts.putIfAbsent("cas", 1) == null : counts.replace("cas", old, old + 1)) {
                    break;
                }
            }
            Integer first = counts.get("first"); // get, then an atomic insert-if-absent: no lost update possible
            if (first == null) {
                counts.putIfAbsent("first", 1);
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Both.run("a", AtomicMapOps::update, "b", AtomicMapOps::update);
        int absent = 0;
        for (String k : counts.keySet()) {
            absent += k.startsWith("absent") ? 1 : 0;
        }
        System.out.println("merged=" + counts.get("merged") + " computed=" + counts.get("computed") + " cas="
            + counts.get("cas") + " absent=" + absent + " first=" + counts.get("first"));
    }
}
