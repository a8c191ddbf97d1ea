package testprograms;

import java.util.HashMap;
import java.util.Map;

/**
 * A completes its get-then-put before B starts its own, ordered only by a latch the agent
 * cannot see: nothing in the program orders them, so another run can interleave them.
 */
public final class PredictedUpdate {
    private static final Map<String, Integer> counts = new HashMap<>();

    public static void main(String[] args) throws InterruptedException {
        Handoff aDone = new Handoff();
        Both.run("path-a", () -> {
            Integer v = counts.get("hits"); // @read-a
            counts.put("hits", v == null ? 1 : v + 1); // @write-a
            aDone.signal();
        }, "path-b", () -> {
            aDone.await();
            Integer v = counts.get("hits"); // @read-b
            counts.put("hits", v == null ? 1 : v + 1); // @write-b
        });
        System.out.println("hits=" + counts.get("hits"));
    }
}
