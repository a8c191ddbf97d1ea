package io.racewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Cost of an uncontended acquire/release pair: monitor, ReentrantLock, a read-write lock's write lock. */
@State(Scope.Thread)
public class LockProbeBenchmark {
    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantReadWriteLock readWrite = new ReentrantReadWriteLock();
    private int counter;

    @Benchmark
    public int monitor() {
        synchronized (monitor) {
            return ++counter;
        }
    }

    @Benchmark
    public int reentrantLock() {
        lock.lock();
        try {
            return ++counter;
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public int writeLock() {
        readWrite.writeLock().lock();
        try {
            return ++counter;
        } finally {
            readWrite.writeLock().unlock();
        }
    }
}
