package io.racewatch.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that racewatch keeps for itself and that many threads add to (a lock's acquisitions).
 * Not a {@code LongAdder} or an {@code AtomicLong}: the agent hooks the JDK's atomics to order
 * the application's, so each of racewatch's own updates through them would pass a probe (a
 * thread-local look-up at least). Striped by the adding thread's clock slot, a cache line apart,
 * so that threads counting the same thing at once rarely contend for one line.
 */
public final class StripedCount {
    private static final int STRIPES = 4;
    /** Longs per 64-byte cache line. */
    private static final int SPREAD = 8;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] cells = new long[STRIPES * SPREAD];

    /** Adds one for the thread in clock slot {@code slot}. */
    public void increment(int slot) {
        CELL.getAndAdd(cells, (slot & (STRIPES - 1)) * SPREAD, 1L);
    }

    /** Adds {@code n} for the thread in clock slot {@code slot}. */
    public void add(int slot, long n) {
        CELL.getAndAdd(cells, (slot & (STRIPES - 1)) * SPREAD, n);
    }

    /** The count so far (updates under way may or may not be in). */
    public long sum() {
        long sum = 0;
        for (int i = 0; i < STRIPES; i++) {
            sum += (long) CELL.getVolatile(cells, i * SPREAD);
        }
        return sum;
    }
}
