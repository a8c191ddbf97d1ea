package io.racewatch.locks;

import io.racewatch.runtime.SamplingWindows;

import java.util.concurrent.locks.LockSupport;

/**
 * A coarse clock for lock holds, ticked by the watchdog, so that an uncontended hold costs no
 * {@link System#nanoTime()} call: an acquisition notes the current round (one volatile read)
 * and that round's start time; a release that sees the same round knows the hold was shorter
 * than one tick and reads no clock either. Only a hold that lasted past a tick is timed at its
 * release: from the start of its first round (an upper bound of its length, at most one tick
 * over), or from the next round's start when the watchdog ran late (a lower bound: a late
 * tick never makes a short hold look long).
 *
 * <p>A hold is long when it is past the threshold with the time the watchdog saw the JVM stalled taken out
 * ({@link #stalledBetween}): a collection or an overloaded host is not the holder's doing.
 *
 * <p>Holds under a test's threshold shorter than {@link #STEPS_PER_THRESHOLD} ticks, and holds
 * taken before the watchdog runs, are timed exactly (round 0 stands for "timed exactly").
 *
 * <p>It is staging's coarse clock too ({@link SamplingWindows#coarseNow}, read by the light hold
 * timing): each tick writes the round's start there, so one thread's wake-ups serve both, and a
 * light hold's start is always a round's start, which {@link #startEstimateAt} can judge as
 * {@link #startEstimate} judges a tracked hold's.
 *
 * <p>The clock sleeps while nothing is held ({@link #fallAsleep}, the watchdog when its rounds find no hold
 * open): no tick wakes an idle JVM. {@link SamplingWindows#coarseNow} then reads {@link #ASLEEP}, and the thread
 * whose acquisition reads that wakes it ({@link #awake}): it ticks a round at once, so its own hold starts
 * from a live round, and unparks the watchdog, which ticks on from there. A thread that read the last
 * round before the clock fell asleep and took its lock only after the watchdog looked (no fence orders
 * the two) holds while the clock sleeps: such a hold is timed from that round's start, which the sleep does not
 * move ({@link #startEstimate}) and which is no stall ({@link #stalledBetween}), and exactly at its release if the clock still sleeps then
 * ({@link #now}); the watchdog's next wake-up for its own duties (every half second) sees it and wakes
 * the clock for its sample.
 */
public final class HoldClock {
    /** The tick is at most this fraction of the hold threshold: a hold's length is known to that precision. */
    public static final int STEPS_PER_THRESHOLD = 10;
    private static final int RING = 64;
    /** Start time of the most recent rounds, by round number; written before the round is published. */
    private static final long[] STARTS = new long[RING];
    /** The current round; 0 while the clock is not running. */
    private static volatile int round;
    /** The watchdog's nominal interval between ticks, in nanoseconds. */
    private static long tickNs;
    /** {@link SamplingWindows#coarseNow} while the clock sleeps: no real time (0 is "not running"). */
    public static final long ASLEEP = Long.MIN_VALUE;
    /**
     * By round number, as {@link #STARTS}: the round in which the clock fell asleep, whose length is the sleep,
     * not a stall; written before the round is published or the clock said asleep.
     */
    private static final boolean[] DOZED = new boolean[RING];
    /** True while the clock sleeps; changed only under {@link #SLEEP}. */
    private static volatile boolean asleep;
    /** The thread parked while the clock sleeps (the watchdog's), unparked by {@link #awake}. */
    private static Thread sleeper;
    private static final Object SLEEP = new Object();
    /** A diagnostic: {@code -Dracewatch.clockTrace=true} prints each time the clock falls asleep and wakes. */
    private static final boolean TRACE = Boolean.getBoolean("racewatch.clockTrace");

    private HoldClock() {
    }

    /** Starts the clock; called by the watchdog's thread before its first round. */
    public static void start(long everyNs) {
        tickNs = everyNs;
        tick();
    }

    /** Stops the clock: holds are timed exactly again (for tests that drive the clock by hand). */
    static void stop() {
        synchronized (SLEEP) {
            asleep = false;
            sleeper = null;
        }
        round = 0;
        tickNs = 0;
    }

    /** A new round begins now. Called by the watchdog's thread only. */
    public static void tick() {
        tickAt(System.nanoTime());
    }

    /** A new round begins at {@code now}: tests place rounds in the past instead of sleeping. */
    static void tickAt(long now) {
        int next = round + 1;
        if (next == 0) {
            next = 1; // 0 means "not running"
        }
        STARTS[next & (RING - 1)] = now;
        DOZED[next & (RING - 1)] = false;
        round = next;
        SamplingWindows.coarseNow = now; // after the round: a reader of this start finds its round in the ring
    }

    /**
     * The clock falls asleep, by the thread that ticks it, just after a tick whose round found no hold
     * open: that round is marked as a sleep, and {@link SamplingWindows#coarseNow} reads {@link #ASLEEP}
     * until a thread wakes it. The caller then parks while {@link #asleep()}. False, with nothing
     * changed, when the clock is not running.
     */
    public static boolean fallAsleep() {
        synchronized (SLEEP) {
            if (round == 0 || asleep) {
                return false;
            }
            DOZED[round & (RING - 1)] = true;
            sleeper = Thread.currentThread();
            asleep = true;
            SamplingWindows.coarseNow = ASLEEP;
            if (TRACE) {
                System.err.printf("racewatch hold clock: asleep in round %d at %d ms%n", round, STARTS[round & (RING - 1)] / 1_000_000);
            }
            return true;
        }
    }

    /** True while the clock sleeps. */
    public static boolean asleep() {
        return asleep;
    }

    /**
     * The clock wakes, if it sleeps: a round begins now and the sleeping thread is unparked to tick on.
     * Returns {@link SamplingWindows#coarseNow} as it then reads, the start of a live round. Called by
     * a thread that read {@link #ASLEEP} as it took a lock (or by the watchdog when it finds a hold open).
     */
    public static long awake() {
        synchronized (SLEEP) {
            if (asleep) {
                tickAt(System.nanoTime()); // before "awake": the watchdog ticks only once it sees that
                asleep = false;
                if (TRACE) {
                    System.err.printf("racewatch hold clock: woken by %s at %d ms%n", Thread.currentThread().getName(), STARTS[round & (RING - 1)] / 1_000_000);
                }
                LockSupport.unpark(sleeper);
                sleeper = null;
            }
            return SamplingWindows.coarseNow;
        }
    }

    /**
     * The coarse clock's time for a hold's end: {@link SamplingWindows#coarseNow}, or the exact time
     * while the clock sleeps (a hold that raced with its falling asleep).
     */
    static long now() {
        long now = SamplingWindows.coarseNow;
        return now == ASLEEP ? System.nanoTime() : now;
    }

    /**
     * The round for a hold that starts now, or 0 when it must be timed exactly: the clock is not
     * running, or a tick is too coarse for {@code thresholdNs}. Wakes the clock if it sleeps.
     */
    static int roundFor(long thresholdNs) {
        if (asleep) {
            awake();
        }
        int r = round;
        return r != 0 && thresholdNs >= STEPS_PER_THRESHOLD * tickNs ? r : 0;
    }

    /** The start time of round {@code r}, just read by {@link #roundFor}. */
    static long startOf(int r) {
        return STARTS[r & (RING - 1)];
    }

    /** True when the clock is still in round {@code r}: a hold begun in it is shorter than one tick. */
    static boolean sameRound(int r) {
        return round == r && !asleep; // a round that ended in a sleep goes on without ticks: timed at the release
    }

    /**
     * How long, between {@code from} and {@code to}, the watchdog's rounds began late by more than a tick: time in
     * which the JVM was stopped (a collection, a safepoint) or its threads were not scheduled (an overloaded host),
     * which lengthens a hold without the holder doing anything. Only rounds that ended are counted, the part of
     * each beyond one tick, as far back as the ring reaches; 0 while the clock is not running.
     */
    static long stalledBetween(long from, long to) {
        long tick = tickNs;
        int r = round;
        long stalled = 0;
        for (int back = 1; back < RING - 1 && r - back > 0 && tick > 0; back++) {
            long start = STARTS[(r - back) & (RING - 1)];
            long end = STARTS[(r - back + 1) & (RING - 1)];
            if (end <= from) {
                break;
            }
            if (end - start > 2 * tick && !DOZED[(r - back) & (RING - 1)]) { // a sleep is not a stall
                stalled += Math.max(0, Math.min(end, to) - Math.max(start + tick, from));
            }
        }
        return stalled;
    }

    /**
     * The start to time a hold from, for a hold begun in round {@code r} whose start was noted as
     * {@code since} (the round's start, perhaps moved later to leave out class loading). When the
     * watchdog began the next round late, the hold may have begun anywhere in that long round:
     * the next round's start is used, so a late tick cannot make a short hold look long.
     */
    static long startEstimate(int r, long since) {
        int now = round;
        if (now - r >= RING - 1) {
            return since; // the ring has moved on: a hold this long is long whichever way it is timed
        }
        if (now == r || DOZED[r & (RING - 1)]) {
            return since; // no next round yet, or the round ended in a sleep: nothing began late in it
        }
        long next = STARTS[(r + 1) & (RING - 1)];
        return next - STARTS[r & (RING - 1)] > 2 * tickNs ? Math.max(since, next) : since;
    }

    /**
     * {@link #startEstimate} for a light hold, which notes only its start ({@link SamplingWindows#coarseNow}
     * when it began, a round's start): the round that began at {@code since} is looked up in the ring;
     * when the round after it began late, the hold may have begun anywhere in that long round and is timed
     * from the next round's start. {@code since} itself when no round in the ring began then.
     */
    static long startEstimateAt(long since) {
        int now = round;
        for (int back = 0; back < RING - 1 && now - back > 0; back++) {
            int r = now - back;
            long start = STARTS[r & (RING - 1)];
            if (start == since) {
                return back == 0 ? since : startEstimate(r, since);
            }
            if (start - since < 0) {
                return since; // rounds further back began earlier still
            }
        }
        return since;
    }
}
