package testkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets threads take turns in an order racewatch does not see. A latch would not do: racewatch
 * sees a JDK synchronizer's edges wherever it is used, and a volatile field's too. Each turn waits
 * on a counter of this class read and written in VarHandle's opaque mode, which orders nothing for
 * racewatch (fences give the hardware ordering; the VarHandle calls are linked when it is made). Tests use it to
 * be deterministic: the race never strikes (the threads run one after the other, as on a lucky
 * day) and racewatch reports it anyway.
 */
public final class Turns {
    private static final VarHandle TURNS_ENDED;

    static {
        try {
            TURNS_ENDED = MethodHandles.lookup().findVarHandle(Turns.class, "turnsEnded", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through TURNS_ENDED
    private int turnsEnded;

    public Turns(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads);
        }
        TURNS_ENDED.setOpaque(this, (int) TURNS_ENDED.getOpaque(this)); // links both calls here
    }

    /** Runs {@code body} as turn {@code n} (from 0), once turn {@code n - 1} has ended. */
    public void take(int n, Runnable body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((int) TURNS_ENDED.getOpaque(this) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("turn " + (n - 1) + " did not end in 30 s");
            }
            LockSupport.parkNanos(100_000L); // parking orders nothing
        }
        VarHandle.acquireFence();
        try {
            body.run();
        } finally {
            VarHandle.releaseFence();
            TURNS_ENDED.setOpaque(this, n + 1);
        }
    }
}
