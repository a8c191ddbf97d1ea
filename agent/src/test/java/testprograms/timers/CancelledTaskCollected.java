package testprograms.timers;

import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ActiveMQ Artemis's testScheduledPoolGC: a one-shot task cancelled before it runs is no longer
 * reachable from its executor, so once the program drops it, it is collected, even before the
 * method that scheduled it returns (an interpreted frame keeps every local it holds alive). The program fails
 * (exit 1) when System.gc(), called until the task's weak reference clears (bounded), never clears it.
 */
public final class CancelledTaskCollected {
    static final ScheduledExecutorService POOL = Daemons.scheduler("pool");

    public static void main(String[] args) {
        new Owner().scheduleCancelAndCollect();
        System.out.println(args[0] + " done");
    }

    /** Keeps its future, as the test does, and drops the task; collects it in the same method, as the test does. */
    static final class Owner {
        ScheduledFuture<?> future;

        void scheduleCancelAndCollect() {
            Runnable task = new Runnable() {
                @Override
                public void run() {
                    throw new AssertionError("cancelled: never runs");
                }
            };
            WeakReference<Runnable> ref = new WeakReference<>(task);
            future = POOL.schedule(task, 5, TimeUnit.SECONDS);
            if (!future.cancel(true)) {
                throw new IllegalStateException("not cancelled");
            }
            task = null;
            LostOwners.collect(ref); // racewatch's record of the call, and the locals it parked the task in, must let go
        }
    }
}
