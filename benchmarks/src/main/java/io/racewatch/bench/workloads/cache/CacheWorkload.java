package io.racewatch.bench.workloads.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.racewatch.bench.workloads.Harness;
import io.racewatch.bench.workloads.Rounds;
import io.racewatch.bench.workloads.Workload;

import java.util.SplittableRandom;

/**
 * A bounded Caffeine loading cache under contention: four threads read skewed keys (a few hot,
 * a long tail that evicts), and now and then replace or invalidate one. At the end every read is
 * counted as a hit or a miss.
 */
public final class CacheWorkload implements Workload {
    static final int CLIENTS = 4;
    static final int KEYS = 20_000;

    private final int readsPerRound;
    private final LoadingCache<Integer, String> cache = Caffeine.newBuilder()
        .maximumSize(4_000)
        .recordStats()
        .build(CacheWorkload::load);
    private final Rounds rounds = new Rounds("cache", CLIENTS);
    private long reads;

    public CacheWorkload(double scale) {
        this.readsPerRound = Math.max(1, (int) (750 * scale));
    }

    private static String load(Integer key) {
        return "value-" + Integer.toHexString(key * 0x9E3779B1);
    }

    @Override
    public long round(int index) throws Exception {
        long sum = rounds.run(index, this::client);
        reads += (long) CLIENTS * readsPerRound;
        return sum;
    }

    private long client(int client, int round) {
        SplittableRandom random = new SplittableRandom(17L * round + client);
        long checksum = 0;
        for (int i = 0; i < readsPerRound; i++) {
            // Squaring a uniform draw skews reads towards low keys: hot entries plus an evicting tail.
            double u = random.nextDouble();
            int key = (int) (u * u * KEYS);
            checksum += cache.get(key).length();
            int op = random.nextInt(100);
            if (op == 0) {
                cache.put(key, load(key));
            } else if (op == 1) {
                cache.invalidate(key);
            }
        }
        return checksum;
    }

    @Override
    public void verify() {
        CacheStats stats = cache.stats();
        if (stats.requestCount() != reads) {
            throw new IllegalStateException(stats + " for " + reads + " reads");
        }
    }

    public static void main(String[] args) {
        Harness.main("cache", args, CacheWorkload::new);
    }
}
