package testprograms;

import java.util.HashMap;
import java.util.Map;

/**
 * A lost update on the {@code null} key of a HashMap (legal: HashMap allows one null key).
 * The finding must name the key as {@code "null"} (String.valueOf(null)).
 *
 * <p>Forced interleaving (Handoff is excluded, so the agent sees no ordering):
 * a: get(null), b: get(null), a: put(null, 1), b: put(null, 1): b's write loses a's update.
 * Prints {@code null=1}.
 */
public final class NullKeyLostUpdate {
    private static final Map<String, Integer> totals = new HashMap<>();

    public static void main(String[] args) throws InterruptedException {
        Handoff aRead = new Handoff();
        Handoff bRead = new Handoff();
        Handoff aWrote = new Handoff();
        Both.run("a", () -> {
            Integer v = totals.get(null); // @read-a
            aRead.signal();
            bRead.await();
            totals.put(null, v == null ? 1 : v + 1); // @write-a
            aWrote.signal();
        }, "b", () -> {
            aRead.await();
            Integer v = totals.get(null); // @read-b
            bRead.signal();
            aWrote.await();
            totals.put(null, v == null ? 1 : v + 1); // @write-b
        });
        System.out.println("null=" + totals.get(null));
    }
}
