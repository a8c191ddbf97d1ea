package io.racewatch.bench.workloads;

import io.racewatch.bench.workloads.cache.CacheWorkload;
import io.racewatch.bench.workloads.forkjoin.ForkJoinWorkload;
import io.racewatch.bench.workloads.h2.H2Workload;
import io.racewatch.bench.workloads.http.HttpWorkload;
import io.racewatch.bench.workloads.reactive.ReactiveWorkload;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each workload runs at a small size and passes its own check (money conserved, every request
 * served, ...). Timings are the suite's business, never asserted here.
 */
class WorkloadsSmokeTest {
    private static final Harness.Settings SMALL = new Harness.Settings(2, 1, 0.05);

    private static void assertRuns(String name, Harness.WorkloadFactory factory) throws Exception {
        String line = Harness.run(name, SMALL, factory, System.nanoTime());
        assertTrue(line.startsWith("RESULT workload=" + name + " rounds=2 steady=1 "), line);
        assertTrue(line.matches(".* checksum=[1-9][0-9]*$"), line);
    }

    @Test
    void h2TransfersConserveMoney() throws Exception {
        assertRuns("h2", H2Workload::new);
    }

    @Test
    void cacheCountsEveryRead() throws Exception {
        assertRuns("cache", CacheWorkload::new);
    }

    @Test
    void httpServerSeesEveryRequest() throws Exception {
        assertRuns("http", HttpWorkload::new);
    }

    @Test
    void forkJoinCountsEveryWord() throws Exception {
        assertRuns("forkjoin", ForkJoinWorkload::new);
    }

    @Test
    void reactivePricesEveryOrder() throws Exception {
        assertRuns("reactive", ReactiveWorkload::new);
    }
}
