package it.testkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs tasks in threads of their own, one after the other, in an order racewatch does not see: each
 * turn waits on a volatile counter of this class (only it.app.* is checked, so none of this class's
 * fields is tracked), never on a JDK synchronizer, whose edges racewatch sees wherever it is used.
 * The race never strikes and is reported every run.
 */
public final class Turns {
    private Turns() {
    }

    public static void run(Runnable... tasks) throws InterruptedException {
        Ended ended = new Ended();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ended.get() < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("turn " + (n - 1) + " did not end");
                    }
                    LockSupport.parkNanos(100_000L); // parking orders nothing
                }
                VarHandle.acquireFence();
                try {
                    tasks[n].run();
                } finally {
                    ended.set(n + 1);
                }
            }, "worker-" + (i + 1)));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Turns ended, read and written in VarHandle's opaque mode (racewatch takes volatile, release and
     * acquire accesses for edges, wherever made), with fences for the hardware; linked when made.
     */
    private static final class Ended {
        private static final VarHandle TURNS;

        static {
            try {
                TURNS = MethodHandles.lookup().findVarHandle(Ended.class, "turns", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // accessed through TURNS
        private int turns;

        Ended() {
            set(get());
        }

        int get() {
            return (int) TURNS.getOpaque(this);
        }

        void set(int value) {
            VarHandle.releaseFence();
            TURNS.setOpaque(this, value);
        }
    }
}
