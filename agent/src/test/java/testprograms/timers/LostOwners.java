package testprograms.timers;

import io.racewatch.tasks.Owners;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owners that become unreachable with their periodic task still scheduled (racy), and twins that
 * cancel first or schedule only once (clean). Collection is driven, not awaited: references are
 * dropped, then System.gc() runs until a weak reference to the owner is cleared (bounded).
 */
public final class LostOwners {
    static final ScheduledExecutorService SCHEDULER = Daemons.scheduler("ticker");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "dropped-sweep" -> dropped(Ticker.start(true, 1, TimeUnit.HOURS));
            case "dropped-next-run" -> droppedSeenAtNextRun();
            case "closed-then-dropped" -> {
                WeakReference<Ticker> owner = Ticker.start(true, 1, TimeUnit.HOURS);
                owner.get().close();
                dropped(owner);
            }
            case "one-shot-dropped" -> dropped(Ticker.start(false, 1, TimeUnit.HOURS));
            case "closed-uncancelled-then-dropped" -> {
                WeakReference<Forgetful> owner = new WeakReference<>(new Forgetful());
                owner.get().close(); // @forgetful-close
                dropped(owner);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    /** Collects the owner, then asks racewatch to look now. */
    static void dropped(WeakReference<?> owner) {
        collect(owner);
        Owners.sweep();
    }

    /** Without a sweep: the periodic task's next run notices its owner is gone. */
    static void droppedSeenAtNextRun() throws InterruptedException {
        Tick.runs.set(0);
        WeakReference<Ticker> owner = Ticker.start(true, 20, TimeUnit.MILLISECONDS);
        collect(owner);
        Tick.afterCollection = new CountDownLatch(2); // the second run certainly began after the collection
        Tick.afterCollection.await();
    }

    static void collect(WeakReference<?> ref) {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
        }
        if (ref.get() != null) {
            throw new IllegalStateException("the owner was not collected");
        }
        System.out.println("owner collected");
    }

    /** The scheduled task, a static class: it does not keep its owner reachable. */
    static final class Tick implements Runnable {
        static final AtomicInteger runs = new AtomicInteger();
        static volatile CountDownLatch afterCollection;

        @Override
        public void run() {
            runs.incrementAndGet();
            CountDownLatch latch = afterCollection;
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    static final class Ticker implements AutoCloseable {
        private final java.util.concurrent.ScheduledFuture<?> tick;

        private Ticker(boolean periodic, long every, TimeUnit unit) {
            tick = periodic
                ? SCHEDULER.scheduleAtFixedRate(new Tick(), every, every, unit) // @tick-schedule
                : SCHEDULER.schedule(new Tick(), every, unit);
        }

        static WeakReference<Ticker> start(boolean periodic, long every, TimeUnit unit) {
            return new WeakReference<>(new Ticker(periodic, every, unit));
        }

        @Override
        public void close() {
            tick.cancel(false);
        }
    }

    /** Its close() forgets the periodic task: reported once, as closed, however soon it is collected after. */
    static final class Forgetful implements AutoCloseable {
        Forgetful() {
            SCHEDULER.scheduleAtFixedRate(new Tick(), 1, 1, TimeUnit.HOURS); // @forgetful-schedule
        }

        @Override
        public void close() {
        }
    }
}
