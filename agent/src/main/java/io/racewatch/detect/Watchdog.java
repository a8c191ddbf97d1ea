package io.racewatch.detect;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.HoldSampler;
import io.racewatch.runtime.ThreadState;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * racewatch's background duties on one daemon thread: sample the stacks of threads holding a
 * lock past the threshold, search for deadlocks, and run periodic work (the lock-wait report)
 * when asked. It never keeps the JVM alive.
 */
public final class Watchdog {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(() -> {
            ThreadState.markAgentThread();
            task.run();
        }, "racewatch-watchdog");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param sampleEveryMs   how often to look for long holds
     * @param deadlockEveryMs how often to search for deadlocks, 0 for never
     * @param periodicEveryMs how often to run {@code periodic}, 0 for never
     */
    public Watchdog(long sampleEveryMs, long deadlockEveryMs, long periodicEveryMs, Runnable periodic) {
        every(Math.max(5, sampleEveryMs), HoldSampler::sampleLongHolds, "hold sampling");
        if (deadlockEveryMs > 0) {
            every(deadlockEveryMs, DeadlockDetector::check, "deadlock search");
        }
        if (periodicEveryMs > 0) {
            every(periodicEveryMs, periodic, "periodic report");
        }
    }

    private void every(long ms, Runnable duty, String what) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                duty.run();
            } catch (Throwable failure) {
                Faults.report(what, failure);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }
}
