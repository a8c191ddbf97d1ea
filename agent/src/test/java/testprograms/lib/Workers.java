package testprograms.lib;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A library's task runner wrapped around a JDK pool, like Spring's task executors: the
 * application hands it work and waits for all of it, the submit and the get are made here, in
 * an excluded class. Tests exclude {@code testprograms.lib.*}.
 */
public final class Workers implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<Future<?>> running = new ArrayList<>();

    public void run(Runnable work) {
        running.add(pool.submit(work));
    }

    public void awaitAll() throws InterruptedException, ExecutionException {
        for (Future<?> f : running) {
            f.get();
        }
        running.clear();
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
