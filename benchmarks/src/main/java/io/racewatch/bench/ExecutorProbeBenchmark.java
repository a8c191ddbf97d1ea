package io.racewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cost of handing a task to a pool thread and waiting for its result: the hand-off edges
 * (submission to run, end to get) through an executor and through a CompletableFuture stage.
 */
@State(Scope.Thread)
public class ExecutorProbeBenchmark {
    private ExecutorService pool;
    private int counter;

    @Setup
    public void start() {
        pool = Executors.newSingleThreadExecutor();
    }

    @Benchmark
    public int submitThenGet() throws ExecutionException, InterruptedException {
        return pool.submit(() -> ++counter).get();
    }

    @Benchmark
    public int supplyAsyncThenJoin() {
        return CompletableFuture.supplyAsync(() -> ++counter, pool).thenApply(n -> n + 1).join();
    }

    @TearDown
    public void close() {
        pool.shutdownNow();
    }
}
