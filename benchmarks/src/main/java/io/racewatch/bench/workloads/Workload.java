package io.racewatch.bench.workloads;

/**
 * One workload of the suite: set up in the constructor, then run round after round; each round
 * returns a checksum so the JIT cannot drop the work and a broken run shows in the result line.
 */
public interface Workload extends AutoCloseable {
    /** Runs round {@code index} (0-based) and returns its checksum. */
    long round(int index) throws Exception;

    /** Throws when the state after all rounds is wrong (a lost update, a missing row). */
    default void verify() throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
