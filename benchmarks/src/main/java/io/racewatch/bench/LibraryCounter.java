package io.racewatch.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** A counter in a class the benchmark run does not include (its name does not end in Benchmark): a library's atomic. */
public final class LibraryCounter {
    private final AtomicInteger count = new AtomicInteger();

    public int increment() {
        return count.incrementAndGet();
    }
}
