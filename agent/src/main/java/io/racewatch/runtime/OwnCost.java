package io.racewatch.runtime;

import java.util.concurrent.atomic.LongAdder;

import jdk.internal.vm.annotation.DontInline;

/**
 * racewatch's own cost, measured on a sample of probe calls: one call in {@link #EVERY} per
 * thread is timed and counted that many times, so the estimate costs two clock reads per
 * {@code EVERY} probes. Only on when an overhead budget is set.
 */
public final class OwnCost {
    static final int EVERY = 64;
    /**
     * The most one timed call counts for. A probe call takes microseconds at most; a longer one was
     * mostly the thread waiting for a core (on a loaded machine) or for a lock, which is not the
     * probes' CPU, and multiplied by {@link #EVERY} one such call would close the windows for nothing.
     */
    static final long MAX_TIMED_NS = 100_000L;
    /** Set once at start-up when an {@code overheadBudget} is given. */
    static boolean measuring;
    private static final LongAdder SPENT_NS = new LongAdder();

    private OwnCost() {
    }

    /** At probe entry: starts timing one call in {@link #EVERY}. */
    static void begin(ThreadState ts) {
        if (--ts.untilTimed <= 0) {
            startTimed(ts);
        }
    }

    @DontInline
    private static void startTimed(ThreadState ts) {
        ts.untilTimed = EVERY;
        ts.timedFrom = System.nanoTime();
    }

    /** At probe exit: counts the timed call. */
    static void end(ThreadState ts) {
        long from = ts.timedFrom;
        if (from != 0) {
            counted(ts, from);
        }
    }

    /** The one call in {@link #EVERY}: out of line, so that the probes inlined into the application carry only the count. */
    @DontInline
    private static void counted(ThreadState ts, long from) {
        ts.timedFrom = 0;
        SPENT_NS.add(Math.min(System.nanoTime() - from, MAX_TIMED_NS) * EVERY);
    }

    /** Estimated nanoseconds spent in probes so far. */
    static long spentNs() {
        return SPENT_NS.sum();
    }
}
