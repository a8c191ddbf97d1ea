package io.racewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cost of atomics and a lock-free queue, in checked code (this class is included) and in a
 * library that is not ({@link LibraryCounter}): racewatch orders them from inside the JDK, so
 * the second pays a probe too, and neither may pay more than checked code paid at its call
 * sites before.
 */
@State(Scope.Thread)
public class AtomicProbeBenchmark {
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicReference<Object> slot = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final LibraryCounter library = new LibraryCounter();
    private final Object item = new Object();

    @Benchmark
    public int atomicIncrement() {
        return counter.incrementAndGet();
    }

    /** A publication and the read that receives it. */
    @Benchmark
    public Object referencePublishRead() {
        slot.set(item);
        return slot.get();
    }

    /** The read alone (a flag polled far more often than it is set). */
    @Benchmark
    public Object referenceRead() {
        return slot.get();
    }

    @Benchmark
    public Object queueOfferPoll() {
        queue.offer(item);
        return queue.poll();
    }

    /** An increment made inside a class racewatch does not check. */
    @Benchmark
    public int libraryIncrement() {
        return library.increment();
    }
}
