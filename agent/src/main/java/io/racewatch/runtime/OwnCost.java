package io.racewatch.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * racewatch's own cost, measured on a sample of probe calls: one call in {@link #EVERY} per
 * thread is timed and counted that many times, so the estimate costs two clock reads per
 * {@code EVERY} probes. Only on when an overhead budget is set.
 */
public final class OwnCost {
    static final int EVERY = 64;
    /** Set once at start-up when an {@code overheadBudget} is given. */
    static boolean measuring;
    private static final LongAdder SPENT_NS = new LongAdder();

    private OwnCost() {
    }

    /** At probe entry: starts timing one call in {@link #EVERY}. */
    static void begin(ThreadState ts) {
        if (--ts.untilTimed <= 0) {
            ts.untilTimed = EVERY;
            ts.timedFrom = System.nanoTime();
        }
    }

    /** At probe exit: counts the timed call. */
    static void end(ThreadState ts) {
        long from = ts.timedFrom;
        if (from != 0) {
            ts.timedFrom = 0;
            SPENT_NS.add((System.nanoTime() - from) * EVERY);
        }
    }

    /** Estimated nanoseconds spent in probes so far. */
    static long spentNs() {
        return SPENT_NS.sum();
    }
}
