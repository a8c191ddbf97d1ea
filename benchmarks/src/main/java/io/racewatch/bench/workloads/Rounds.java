package io.racewatch.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A fixed set of client threads that each run one task per round; the round ends when all have. */
public final class Rounds implements AutoCloseable {
    /** One client's work in a round; returns its checksum. */
    @FunctionalInterface
    public interface ClientTask {
        long run(int client, int round) throws Exception;
    }

    private final ExecutorService pool;
    private final int clients;

    public Rounds(String name, int clients) {
        this.clients = clients;
        this.pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, name + "-client");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} once per client, concurrently, and returns the sum of their checksums. */
    public long run(int round, ClientTask task) throws Exception {
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> task.run(client, round)));
        }
        long sum = 0;
        for (Future<Long> f : futures) {
            sum += f.get();
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
