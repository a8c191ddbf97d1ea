package testprograms.timers;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every scheduling call racewatch rewrites, once each, by an owner that stops all of it before
 * it closes: the program must run as it does without the agent, and nothing is reported.
 * Also a call made in a constructor before its super() call, where there is no owner yet.
 */
public final class EveryShape {
    public static void main(String[] args) throws Exception {
        try (Owner owner = new Owner()) {
            owner.scheduleEverything();
        }
        new Child();
        System.out.println("every-shape done");
    }

    static class Base {
        Base(Future<?> early) {
            early.cancel(false);
        }
    }

    /** The schedule call runs before Object's constructor has: this cannot be passed yet. */
    static final class Child extends Base {
        Child() {
            super(ClosedOwners.SHARED.schedule(() -> { }, 1, TimeUnit.HOURS));
        }
    }

    static final class Owner implements AutoCloseable {
        private final ScheduledExecutorService scheduler = Daemons.scheduler("every-shape");
        private final ExecutorService pool = Daemons.single("every-shape-pool");
        private final Timer timer = new Timer("every-shape-timer", true);
        private final List<Future<?>> futures = new ArrayList<>();
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        void scheduleEverything() throws Exception {
            futures.add(scheduler.schedule(() -> { }, 1, TimeUnit.HOURS));
            futures.add(scheduler.schedule(() -> "callable", 1, TimeUnit.HOURS));
            futures.add(scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS));
            futures.add(scheduler.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS));
            pool.submit(() -> { }).get();
            pool.submit(() -> { }, "result").get();
            System.out.println("callable " + pool.submit(() -> "ran").get());
            CompletableFuture<Void> executed = new CompletableFuture<>();
            pool.execute(() -> executed.complete(null));
            executed.get();
            CompletableFuture.runAsync(() -> { }).get();
            CompletableFuture.runAsync(() -> { }, pool).get();
            System.out.println("supplied " + CompletableFuture.supplyAsync(() -> 1).get() + CompletableFuture.supplyAsync(() -> 2, pool).get());
            CompletableFuture<Void> later = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(() -> later.complete(null));
            later.get(); // it has begun: no longer scheduled
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, pool)).get();
            pending.add(new CompletableFuture<String>().orTimeout(1, TimeUnit.HOURS));
            pending.add(new CompletableFuture<String>().completeOnTimeout("late", 1, TimeUnit.HOURS));
            timer.schedule(task(), 3_600_000L);
            timer.schedule(task(), new Date(System.currentTimeMillis() + 3_600_000L));
            timer.schedule(task(), 3_600_000L, 3_600_000L);
            timer.schedule(task(), new Date(System.currentTimeMillis() + 3_600_000L), 3_600_000L);
            timer.scheduleAtFixedRate(task(), 3_600_000L, 3_600_000L);
            timer.scheduleAtFixedRate(task(), new Date(System.currentTimeMillis() + 3_600_000L), 3_600_000L);
            TimerTask once = task();
            timer.schedule(once, 3_600_000L);
            System.out.println("timer task cancelled " + once.cancel());
        }

        private static TimerTask task() {
            return new TimerTask() {
                @Override
                public void run() {
                }
            };
        }

        @Override
        public void close() {
            for (Future<?> f : futures) {
                f.cancel(false);
            }
            for (CompletableFuture<?> f : pending) {
                f.cancel(false);
            }
            timer.cancel();
            pool.shutdownNow();
        }
    }
}
