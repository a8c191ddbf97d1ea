package testprograms;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Millions of maps that live for one call each (as in a long jcstress run or a request loop),
 * then a lost update on a new map: racewatch must still be checking new maps after all of them,
 * with its memory bounded throughout. Prints {@code maps=<n> hits=1}; on standard error, the
 * heap used after a full GC at each tenth of the run ({@code heap-mb <tenth> <MB>}).
 */
public final class ShortLivedMaps {
    private static final Map<String, Integer> counts = new HashMap<>();

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long sum = 0;
        long tenth = Math.max(1, n / 10);
        for (long i = 0; i < n; i++) {
            Map<Integer, Long> scratch = new HashMap<>(); // @scratch
            scratch.put(1, i);
            sum += scratch.get(1);
            if ((i + 1) % tenth == 0) {
                System.gc();
                System.err.println("heap-mb " + (i + 1) / tenth + " " + memory.getHeapMemoryUsage().getUsed() / (1024 * 1024));
            }
        }
        // A lost update on a map made after all of them (Handoff is excluded: nothing orders it): a get, b get, a put, b put.
        Handoff aRead = new Handoff();
        Handoff bRead = new Handoff();
        Handoff aWrote = new Handoff();
        Both.run("a", () -> {
            Integer v = counts.get("hits"); // @read-a
            aRead.signal();
            bRead.await();
            counts.put("hits", v == null ? 1 : v + 1); // @write-a
            aWrote.signal();
        }, "b", () -> {
            aRead.await();
            Integer v = counts.get("hits"); // @read-b
            bRead.signal();
            aWrote.await();
            counts.put("hits", v == null ? 1 : v + 1); // @write-b
        });
        System.out.println("maps=" + n + " hits=" + counts.get("hits") + (sum < 0 ? "!" : ""));
    }
}
