package testkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets threads take turns in an order racewatch does not see. A latch would not do: racewatch
 * sees a JDK synchronizer's edges wherever it is used. Each turn waits on a volatile flag of this
 * class instead (outside {@code shop.*}, so racewatch tracks none of its fields). Tests use it to
 * be deterministic: the race never strikes (the threads run one after the other, as on a lucky
 * day) and racewatch reports it anyway.
 */
public final class Turns {
    private volatile int turnsEnded;

    public Turns(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads);
        }
    }

    /** Runs {@code body} as turn {@code n} (from 0), once turn {@code n - 1} has ended. */
    public void take(int n, Runnable body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (turnsEnded < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("turn " + (n - 1) + " did not end in 30 s");
            }
            LockSupport.parkNanos(100_000L); // parking orders nothing
        }
        try {
            body.run();
        } finally {
            turnsEnded = n + 1;
        }
    }
}
