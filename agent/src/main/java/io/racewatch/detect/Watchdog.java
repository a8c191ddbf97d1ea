package io.racewatch.detect;

import io.racewatch.runtime.AgentThreads;
import io.racewatch.locks.Duties;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.ThreadState;
import io.racewatch.order.SyncVars;
import io.racewatch.order.ThreadRegistry;
import io.racewatch.locks.HoldClock;
import io.racewatch.locks.HoldSampler;

import java.util.concurrent.locks.LockSupport;

/**
 * racewatch's lock duties on one daemon thread, {@code racewatch-watchdog}: tick the hold clock
 * ({@link HoldClock}, staging's coarse clock too), sample the stacks of
 * threads holding a lock past the threshold, search for deadlocks, settle the verdicts on closes
 * whose grace has passed ({@link CloseVerdicts}), and run periodic work (the lock-wait report)
 * when asked, and let go of the threads' caches of the objects they used last. The thread starts
 * only when there is work for it: lock work to watch, a map recorded, an object cached (see
 * {@link Duties}); it never keeps the JVM alive. It sleeps with the hold clock while nothing is
 * held ({@link HoldClock#fallAsleep}), waking for its timed duties (the deadlock search, twice a
 * second for the rest), and at once when a thread takes a lock.
 */
public final class Watchdog implements Runnable {
    /** How often the threads' object caches are cleared (see {@link #forgetObjects}). */
    private static final long FORGET_EVERY_NS = 500_000_000L;
    private final long sampleEveryMs;
    private final long deadlockEveryMs;
    private final long periodicEveryMs;
    private final Runnable periodic;
    /** How long the rounds must find nothing held before the clock sleeps; see {@link #run}. */
    private static final long IDLE_BEFORE_SLEEP_MS = 1_000;
    private final int idleRoundsBeforeSleep;
    /** When each timed duty is next due, by the watchdog's thread. */
    private long nextDeadlock;
    private long nextPeriodic;
    private long nextForget;

    /**
     * @param sampleEveryMs   how often to look for long holds
     * @param deadlockEveryMs how often to search for deadlocks, 0 for never
     * @param periodicEveryMs how often to run {@code periodic}, 0 for never
     */
    private Watchdog(long sampleEveryMs, long deadlockEveryMs, long periodicEveryMs, Runnable periodic) {
        this.sampleEveryMs = Math.max(5, sampleEveryMs);
        this.deadlockEveryMs = deadlockEveryMs;
        this.periodicEveryMs = periodicEveryMs;
        this.periodic = periodic;
        this.idleRoundsBeforeSleep = (int) Math.max(HoldClock.STEPS_PER_THRESHOLD, IDLE_BEFORE_SLEEP_MS / this.sampleEveryMs);
    }

    /** Arranges for the watchdog to start at the first lock work. */
    public static void onFirstLockWork(long sampleEveryMs, long deadlockEveryMs, long periodicEveryMs, Runnable periodic) {
        Watchdog w = new Watchdog(sampleEveryMs, deadlockEveryMs, periodicEveryMs, periodic);
        Duties.startWith(new Start(w));
    }

    /** Starts the watchdog's thread; a named class, not a lambda (a class spun at start-up). */
    private static final class Start implements Runnable {
        private final Watchdog watchdog;

        Start(Watchdog watchdog) {
            this.watchdog = watchdog;
        }

        @Override
        public void run() {
            // The clock's first round begins here, on the thread whose lock work starts the duties and
            // before that work reads it: staging's light timing of that very hold reads a live clock.
            HoldClock.start(watchdog.sampleEveryMs * 1_000_000L);
            AgentThreads.create("watchdog", watchdog).start();
        }
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        nextDeadlock = start + deadlockEveryMs * 1_000_000L;
        nextPeriodic = start + periodicEveryMs * 1_000_000L;
        nextForget = start + FORGET_EVERY_NS;
        int idleRounds = 0;
        while (true) {
            try {
                Thread.sleep(sampleEveryMs);
            } catch (InterruptedException e) {
                return;
            }
            HoldClock.tick();
            boolean holding = sampleHolds();
            duty(CloseVerdicts::settleDue, "close verdicts");
            timedDuties(System.nanoTime());
            idleRounds = holding || !CloseVerdicts.nonePending() ? 0 : idleRounds + 1;
            // Rounds finding nothing held for a second let the clock sleep until a thread takes a lock
            // (HoldClock.fallAsleep), so an idle JVM is not woken every tick. A round sees a short hold seldom
            // however many there are: a busy program falls asleep and is woken at most once a second. In both
            // modes: test mode's tracked holds wake the clock as staging's light ones do (HoldClock.roundFor),
            // and a program busy without locks (loading classes, say) no longer pays a hundred wake-ups a second.
            if (idleRounds >= idleRoundsBeforeSleep && HoldClock.fallAsleep()) {
                idleRounds = 0;
                if (!sleepWithTheClock()) {
                    return;
                }
            }
        }
    }

    /**
     * Parks while the hold clock sleeps, waking for the timed duties only; false when interrupted. Looks for
     * an open hold first and at each wake-up: one whose thread read the clock's last round as it fell asleep
     * (no fence orders that read before this look) wakes it here, within one forget interval.
     */
    private boolean sleepWithTheClock() {
        while (HoldClock.asleep()) {
            if (holdOpenOrVerdictDue()) {
                HoldClock.awake();
                return true;
            }
            long now = System.nanoTime();
            long until = nextForget;
            if (periodicEveryMs > 0 && nextPeriodic - until < 0) {
                until = nextPeriodic;
            }
            if (deadlockEveryMs > 0 && nextDeadlock - until < 0) {
                until = nextDeadlock;
            }
            if (now - until >= 0) {
                timedDuties(now);
                continue;
            }
            LockSupport.parkNanos(this, until - now);
            if (Thread.currentThread().isInterrupted()) {
                HoldClock.awake();
                return false;
            }
        }
        return true;
    }

    private static boolean holdOpenOrVerdictDue() {
        try {
            return HoldSampler.anyHoldOpen() || !CloseVerdicts.nonePending();
        } catch (Throwable failure) {
            Faults.report("hold sampling", failure);
            return true; // not known to be idle: the clock keeps ticking
        }
    }

    private static boolean sampleHolds() {
        try {
            return HoldSampler.sampleLongHolds();
        } catch (Throwable failure) {
            Faults.report("hold sampling", failure);
            return true;
        }
    }

    /**
     * The duties on a timer of their own: the deadlock search, clearing the object caches, the periodic report.
     * Run while the clock sleeps too: a deadlock among locks racewatch does not track (classes outside
     * {@code include}, the JDK's own) leaves no hold open to wake the clock, and is found all the same.
     */
    private void timedDuties(long now) {
        if (deadlockEveryMs > 0 && now - nextDeadlock >= 0) {
            duty(DeadlockDetector::check, "deadlock search");
            nextDeadlock = now + deadlockEveryMs * 1_000_000L;
        }
        if (now - nextForget >= 0) {
            duty(Watchdog::forgetObjects, "cache clearing");
            nextForget = now + FORGET_EVERY_NS;
        }
        if (periodicEveryMs > 0 && now - nextPeriodic >= 0) {
            duty(periodic, "periodic report");
            nextPeriodic = now + periodicEveryMs * 1_000_000L;
        }
    }

    /**
     * Every thread's caches of the objects it used last let go of them: a program that drops an
     * object and waits for it to be collected (a cleaner, a finalizer, a weak reference) sees it
     * go within this long and a collection. The sync var table drops the vars of objects
     * collected meanwhile, so that they go at the next collection.
     */
    private static void forgetObjects() {
        SyncVars.expungeCollected();
        // Ended threads too: a state is kept while its Thread object is, and a sync var whose
        // sole releaser it was keeps it (and so what it cached) as long as the var lives.
        for (ThreadState state : ThreadRegistry.states()) {
            state.forgetObjects();
        }
    }

    private static void duty(Runnable duty, String what) {
        try {
            duty.run();
        } catch (Throwable failure) {
            Faults.report(what, failure);
        }
    }
}
