package testprograms;

import java.util.HashMap;
import java.util.Map;

/**
 * A counter bumped with get-then-put by two code paths. The interleaving is forced with
 * latches the agent cannot see (Handoff is excluded): A reads, B reads, A writes, B writes.
 * B's write overwrites A's update.
 */
public final class LostUpdate {
    private static final Map<String, Integer> counts = new HashMap<>();

    public static void main(String[] args) throws InterruptedException {
        Handoff aRead = new Handoff();
        Handoff bRead = new Handoff();
        Handoff aWrote = new Handoff();
        Both.run("path-a", () -> {
            Integer v = counts.get("hits"); // @read-a
            aRead.signal();
            bRead.await();
            counts.put("hits", v == null ? 1 : v + 1); // @write-a
            aWrote.signal();
        }, "path-b", () -> {
            aRead.await();
            Integer v = counts.get("hits"); // @read-b
            bRead.signal();
            aWrote.await();
            counts.put("hits", v == null ? 1 : v + 1); // @write-b
        });
        System.out.println("hits=" + counts.get("hits"));
    }
}
