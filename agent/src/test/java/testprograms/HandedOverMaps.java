package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;

/**
 * HashMaps that change threads: racewatch hands a map over to a thread ordered after everything
 * its owner did, and must still report a thread that is not so ordered.
 *
 * <ul>
 *   <li>{@code forkjoin}: a word count on a fork/join pool: each leaf fills its own map, the parent
 *       merges the forked child's map after {@code join}. Clean.</li>
 *   <li>{@code executor}: a task fills a map, main reads and updates it after {@code Future.get}. Clean.</li>
 *   <li>{@code forkjoin-racy}: main merges into a leaf's map once the leaf signals through
 *       {@link Handoff} (invisible), before the join: the merge's put and the leaf's last put are
 *       unordered, {@code map-unsafe}.</li>
 *   <li>{@code third-thread}: main fills a map, a thread it then starts reads it (ordered: the map is
 *       handed over), and a thread started before main's write, waiting on an invisible signal,
 *       writes the same key: unordered with main's write, {@code map-unsafe} at main's put.</li>
 * </ul>
 * Prints the merged count or the value read.
 */
public final class HandedOverMaps {
    private static final String[] WORDS = {"a", "b", "c", "a", "b", "a", "d", "e", "a", "c", "f", "g"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "forkjoin" -> System.out.println(total(new ForkJoinPool(3).invoke(new Count(0, WORDS.length * 40, null))));
            case "executor" -> executor();
            case "forkjoin-racy" -> forkJoinRacy();
            case "third-thread" -> thirdThread();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static int total(Map<String, Integer> counts) {
        int total = 0;
        for (int c : counts.values()) {
            total += c;
        }
        return total;
    }

    /** Counts words [from, to) (cycling over WORDS); a leaf of the racy run hands its map over invisibly and waits. */
    static final class Count extends RecursiveTask<Map<String, Integer>> {
        private final int from;
        private final int to;
        private final Handoff[] racy;

        Count(int from, int to, Handoff[] racy) {
            this.from = from;
            this.to = to;
            this.racy = racy;
        }

        @Override
        protected Map<String, Integer> compute() {
            if (to - from <= 30) {
                Map<String, Integer> counts = leaf(from, to);
                if (racy != null) {
                    leaked = counts; // a plain field: racewatch sees no edge through it
                    racy[0].signal();
                    racy[1].await();
                }
                return counts;
            }
            int mid = (from + to) >>> 1;
            Count left = new Count(from, mid, null);
            left.fork();
            Map<String, Integer> right = new Count(mid, to, null).compute();
            Map<String, Integer> merged = left.join();
            for (Map.Entry<String, Integer> e : right.entrySet()) {
                Integer old = merged.get(e.getKey()); // @merge-get
                merged.put(e.getKey(), old == null ? e.getValue() : old + e.getValue()); // @merge-put
            }
            return merged;
        }
    }

    /** A leaf's count, into a fresh map (here, so that its sites are the program class's own). */
    static Map<String, Integer> leaf(int from, int to) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = from; i < to; i++) {
            String w = WORDS[i % WORDS.length];
            Integer old = counts.get(w);
            counts.put(w, old == null ? 1 : old + 1); // @leaf-put
        }
        return counts;
    }

    private static Map<String, Integer> leaked;

    /** The leaf runs in the pool; main merges into its map once signalled, before the join. */
    private static void forkJoinRacy() throws Exception {
        Handoff[] turns = {new Handoff(), new Handoff()};
        ForkJoinPool pool = new ForkJoinPool(2);
        Count leaf = new Count(0, 12, turns);
        Future<Map<String, Integer>> done = pool.submit(leaf);
        turns[0].await();
        leaked.put("merged", 1); // @racy-merge-put
        turns[1].signal();
        System.out.println(total(done.get()));
        pool.shutdown();
    }

    private static void executor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Map<String, Integer>> filled = pool.submit(() -> {
            Map<String, Integer> m = new HashMap<>();
            for (String w : WORDS) {
                m.merge(w, 1, Integer::sum); // @task-merge
            }
            return m;
        });
        Map<String, Integer> m = filled.get();
        Integer a = m.get("a"); // @main-get
        m.put("a", a + 1); // @main-put
        pool.shutdown();
        System.out.println(m.get("a"));
    }

    private static final Map<String, Integer> SHARED = new HashMap<>();

    private static void thirdThread() throws Exception {
        Handoff readerDone = new Handoff();
        Thread writer = new Thread(() -> {
            readerDone.await();
            SHARED.put("k", 3); // @third-put
        }, "writer");
        writer.start(); // before main's put: nothing orders the put with it
        SHARED.put("k", 1); // @first-put
        Thread reader = new Thread(() -> {
            System.out.println(SHARED.get("k")); // @second-get
            readerDone.signal();
        }, "reader");
        reader.start();
        reader.join();
        writer.join();
    }
}
