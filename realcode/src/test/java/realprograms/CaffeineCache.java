package realprograms;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import realprograms.turns.Turns;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Caffeine 3 used correctly by four workers: a bounded {@code LoadingCache} whose evictions are
 * told to a removal listener running on a single executor thread (which keeps a plain map,
 * confined to that thread, read by main after the executor has terminated), running totals kept
 * with {@code asMap().merge} (atomic per key), names loaded through an {@code AsyncLoadingCache}
 * on the common fork/join pool and joined, and each worker's own plain map handed back through
 * its future. Prints totals that do not depend on the interleaving.
 *
 * <p>{@code check-then-put}: the bug a cache invites, a count kept with {@code asMap().get}
 * then {@code asMap().put}: each call is atomic, the pair is not. Two threads count the same
 * key; the first reads, the second reads and writes, the first writes (turns taken through
 * {@link Turns}, which racewatch does not see): a lost update.
 */
public final class CaffeineCache {
    private static final int WORKERS = 4;
    private static final int ROUNDS = 2_000;
    private static final int ITEMS = 24;

    // check-then-put's cache and turns
    private static final ConcurrentMap<String, Integer> counts =
        Caffeine.newBuilder().maximumSize(100).<String, Integer>build().asMap();
    private static final Turns firstHasRead = new Turns();
    private static final Turns secondHasWritten = new Turns();

    private CaffeineCache() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("check-then-put")) {
            checkThenPut();
            return;
        }
        ExecutorService listenerThread = Executors.newSingleThreadExecutor();
        Map<RemovalCause, Integer> removals = new EnumMap<>(RemovalCause.class); // the listener's thread only
        LoadingCache<Integer, Long> prices = Caffeine.newBuilder().maximumSize(8).recordStats()
            .executor(listenerThread)
            .removalListener((Integer item, Long price, RemovalCause cause) -> removals.merge(cause, 1, Integer::sum))
            .build(item -> 10L + item);
        Cache<String, Long> totals = Caffeine.newBuilder().build();
        AsyncLoadingCache<Integer, String> names = Caffeine.newBuilder().buildAsync(item -> "item-" + (item % 6));

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, Integer>>> perWorker = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            perWorker.add(pool.submit(() -> {
                start.await();
                Map<String, Integer> bought = new TreeMap<>(); // this worker's own
                for (int i = 0; i < ROUNDS; i++) {
                    int item = (i * 5 + worker * 3) % ITEMS;
                    long price = prices.get(item);
                    String name = names.get(item).join();
                    totals.asMap().merge(name, price, Long::sum);
                    bought.merge(name, 1, Integer::sum);
                }
                return bought;
            }));
        }
        start.countDown();
        Map<String, Integer> bought = new TreeMap<>();
        for (Future<Map<String, Integer>> each : perWorker) {
            each.get(60, TimeUnit.SECONDS).forEach((name, n) -> bought.merge(name, n, Integer::sum));
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        prices.cleanUp();
        long evicted = prices.stats().evictionCount();
        listenerThread.shutdown();
        if (!listenerThread.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the listener's thread did not finish");
        }
        System.out.println("bought " + bought);
        System.out.println("totals " + new TreeMap<>(totals.asMap()));
        System.out.println("evictions " + (evicted > 0) + ", all told to the listener "
            + (removals.getOrDefault(RemovalCause.SIZE, 0) == evicted));
    }

    private static void checkThenPut() throws Exception {
        Thread first = new Thread(() -> count(true), "first");
        Thread second = new Thread(() -> count(false), "second");
        first.start();
        second.start();
        first.join();
        second.join();
        System.out.println("alpha counted " + counts.get("alpha") + " of 2");
        System.out.println("first and second done");
    }

    /** A count of the twin: read, then write, with the other thread's turn between. */
    private static void count(boolean first) {
        if (!first) {
            firstHasRead.await();
        }
        Integer seen = counts.get("alpha");
        if (first) {
            firstHasRead.pass();
            secondHasWritten.await();
        }
        counts.put("alpha", seen == null ? 1 : seen + 1);
        if (!first) {
            secondHasWritten.pass();
        }
    }
}
