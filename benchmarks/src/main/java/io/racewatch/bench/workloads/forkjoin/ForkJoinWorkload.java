package io.racewatch.bench.workloads.forkjoin;

import io.racewatch.bench.workloads.Harness;
import io.racewatch.bench.workloads.Workload;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.stream.IntStream;

/**
 * Fork/join compute on the JDK's pools: a word count over a generated corpus as a
 * {@link RecursiveTask} (each leaf fills its own HashMap, parents merge their children's maps,
 * so maps are handed from thread to thread), then a prime count over a parallel stream.
 */
public final class ForkJoinWorkload implements Workload {
    static final int LEAF = 2_000;

    private final String[] words;
    private final int primeLimit;
    private final ForkJoinPool pool = new ForkJoinPool(4);

    public ForkJoinWorkload(double scale) {
        int size = Math.max(LEAF, (int) (60_000 * scale));
        String[] vocabulary = new String[6_000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "w" + Integer.toString(i * 7919, 36);
        }
        SplittableRandom random = new SplittableRandom(7);
        words = new String[size];
        for (int i = 0; i < size; i++) {
            double u = random.nextDouble();
            words[i] = vocabulary[(int) (u * u * vocabulary.length)];
        }
        primeLimit = Math.max(1_000, (int) (60_000 * scale));
    }

    @Override
    public long round(int index) {
        Map<String, Integer> counts = pool.invoke(new WordCount(words, 0, words.length));
        long total = 0;
        for (int c : counts.values()) {
            total += c;
        }
        if (total != words.length) {
            throw new IllegalStateException("counted " + total + " of " + words.length + " words");
        }
        long primes = pool.submit(() -> IntStream.range(2, primeLimit).parallel().filter(ForkJoinWorkload::isPrime).count()).join();
        return counts.size() * 1_000_003L + primes;
    }

    static boolean isPrime(int n) {
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /** Counts words[from, to): splits down to leaves, each counting into a fresh map. */
    static final class WordCount extends RecursiveTask<Map<String, Integer>> {
        private final String[] words;
        private final int from;
        private final int to;

        WordCount(String[] words, int from, int to) {
            this.words = words;
            this.from = from;
            this.to = to;
        }

        @Override
        protected Map<String, Integer> compute() {
            if (to - from <= LEAF) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = from; i < to; i++) {
                    counts.merge(words[i], 1, Integer::sum);
                }
                return counts;
            }
            int mid = (from + to) >>> 1;
            WordCount left = new WordCount(words, from, mid);
            left.fork();
            Map<String, Integer> right = new WordCount(words, mid, to).compute();
            Map<String, Integer> merged = left.join();
            for (Map.Entry<String, Integer> e : right.entrySet()) {
                Integer old = merged.get(e.getKey());
                merged.put(e.getKey(), old == null ? e.getValue() : old + e.getValue());
            }
            return merged;
        }
    }

    public static void main(String[] args) {
        Harness.main("forkjoin", args, ForkJoinWorkload::new);
    }
}
