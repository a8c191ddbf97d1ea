package testprograms.timers;

import io.racewatch.tasks.Owners;

import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scheduling facades, as Hazelcast's {@code DelegatingTaskScheduler}: an {@link Executor} with no
 * lifecycle end of its own that hands its callers' tasks to a scheduled executor. The work is the
 * callers', not the facade's. Clean both ways: "shared" hands one node-wide facade to a cache (held
 * in a field) and to a service that schedules a tick through it; the cache's close() returns and the
 * tick runs on (main waits, with a latch, for a run after the close). "throwaway" makes a facade for
 * one call, as Hazelcast's {@code getTaskScheduler(name)} does, and drops it while the tick it
 * scheduled for its caller stays scheduled.
 */
public final class SharedSchedulers {
    static final ScheduledExecutorService EXECUTOR = Daemons.scheduler("global-scheduler");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shared" -> shared();
            case "throwaway" -> throwaway();
            case "held-with-its-own-end" -> heldWithItsOwnEnd(true);
            case "holder-forgets-its-own-refresh" -> heldWithItsOwnEnd(false);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void shared() throws InterruptedException {
        TaskScheduler global = new TaskScheduler(EXECUTOR);
        Cache cache = new Cache(global);
        Service service = new Service(global);
        service.start();
        cache.close();
        service.tick.afterClose = new CountDownLatch(2); // the second run certainly began after the close
        service.tick.afterClose.await();
        service.stop();
    }

    static void throwaway() {
        Service service = new Service(null);
        WeakReference<TaskScheduler> facade = service.startThroughThrowaway();
        LostOwners.collect(facade);
        Owners.sweep();
        service.stop();
    }

    /**
     * A facade with an end of its own, shared: a holder keeps it in a field and hands it a refresh of
     * its own, a service hands it a tick. The holder's close answers for its refresh only: cancelling
     * it is clean ("held-with-its-own-end", the tick running on after the close), forgetting it is
     * reported, and the tick is not charged to the holder either way ("holder-forgets-its-own-refresh").
     */
    static void heldWithItsOwnEnd(boolean cancels) throws InterruptedException {
        StoppableScheduler shared = new StoppableScheduler(EXECUTOR);
        Holder holder = new Holder(shared, cancels);
        Service service = new Service(shared);
        holder.start();
        service.start();
        holder.close();
        service.tick.afterClose = new CountDownLatch(2); // the second run certainly began after the close
        service.tick.afterClose.await();
        service.stop();
    }

    /** Hands its callers' tasks to the executor; nothing to close: the executor's owner ends it. */
    static class TaskScheduler implements Executor {
        private final ScheduledExecutorService executor;

        TaskScheduler(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        @Override
        public void execute(Runnable command) {
            executor.execute(command);
        }

        ScheduledFuture<?> scheduleWithRepetition(Runnable command, long period, TimeUnit unit) {
            return executor.scheduleAtFixedRate(command, period, period, unit); // @facade-schedule
        }
    }

    /** A facade with a lifecycle end of its own (which stops nothing of its callers'). */
    static final class StoppableScheduler extends TaskScheduler {
        StoppableScheduler(ScheduledExecutorService executor) {
            super(executor);
        }

        void shutdown() {
        }
    }

    /** Holds a shared facade in a field and hands it a refresh of its own. */
    static final class Holder implements AutoCloseable {
        private final TaskScheduler scheduler;
        private final boolean cancels;
        private ScheduledFuture<?> refresh;

        Holder(TaskScheduler scheduler, boolean cancels) {
            this.scheduler = scheduler;
            this.cancels = cancels;
        }

        void start() {
            refresh = scheduler.scheduleWithRepetition(new Tick(), 1, TimeUnit.HOURS); // @holder-refresh
        }

        @Override
        public void close() {
            if (cancels) { // @holder-close
                refresh.cancel(false);
            }
        }
    }

    /** Holds the node's scheduler and schedules nothing through it. */
    static final class Cache implements AutoCloseable {
        private final TaskScheduler scheduler;

        Cache(TaskScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void close() {
        }
    }

    /** Schedules its tick through a facade, and stops it. */
    static final class Service {
        private final TaskScheduler scheduler;
        final Tick tick = new Tick();
        private ScheduledFuture<?> future;

        Service(TaskScheduler scheduler) {
            this.scheduler = scheduler;
        }

        void start() {
            future = scheduler.scheduleWithRepetition(tick, 1, TimeUnit.MILLISECONDS);
        }

        WeakReference<TaskScheduler> startThroughThrowaway() {
            TaskScheduler facade = new TaskScheduler(EXECUTOR);
            future = facade.scheduleWithRepetition(tick, 1, TimeUnit.HOURS);
            return new WeakReference<>(facade);
        }

        void stop() {
            future.cancel(false);
        }
    }

    static final class Tick implements Runnable {
        volatile CountDownLatch afterClose;

        @Override
        public void run() {
            CountDownLatch latch = afterClose;
            if (latch != null) {
                latch.countDown();
            }
        }
    }
}
