package testprograms.timers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor's own {@code shutdown()}, whose contract is that work submitted before it still runs.
 * Each run holds the one thread of the executor underneath on a blocker task until main has
 * returned from the shutdown, so the work queued behind it certainly runs after it (latches, no
 * sleeps). Clean: "delaying-shutdown" (Netty's tests' {@code DelayingExecutor}: an {@link Executor}
 * whose {@code execute} schedules a delayed one-shot on its scheduled executor and whose
 * {@code shutdown()} shuts that down, which still runs it) and "flag-shutdown" (Hazelcast's
 * {@code CachedExecutorServiceDelegate}: {@code shutdown()} sets a flag and its queue drains, a
 * worker started in a helper of {@code execute} running after it and working on the executor's
 * own map). Racy twins: "not-an-executor" (the same delaying class with no {@code Executor} in it:
 * a {@code shutdown()} of something that promised nothing), "housekeeping" (the delaying
 * executor's own one-shot, armed outside any caller's hand-off, still runs after its shutdown),
 * "periodic-after-flag-shutdown" (a periodic task handed on for a caller and left scheduled by a
 * shutdown that only sets a flag).
 */
public final class ExecutorShutdowns {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "delaying-shutdown" -> delaying(true, false);
            case "not-an-executor" -> delaying(false, false);
            case "housekeeping" -> delaying(true, true);
            case "flag-shutdown" -> flagShutdown();
            case "periodic-after-flag-shutdown" -> periodicAfterFlagShutdown();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void delaying(boolean executor, boolean housekeeping) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        Delaying delaying = executor ? new DelayingExecutor() : new Delaying();
        // Its callers hand work to an executor through execute(); to the other through deliver().
        java.util.function.Consumer<Runnable> hand = delaying instanceof Executor e ? e::execute : delaying::deliver;
        hand.accept(() -> await(closed)); // holds the one thread until the shutdown returned
        if (housekeeping) {
            delaying.armPurge(); // queued before the last task: its run has ended (and been judged) when main goes on
        }
        hand.accept(Delaying::work); // the run judged: queued behind the blocker, it runs after the shutdown
        hand.accept(ran::countDown); // behind it on the one thread: main goes on once that run has ended
        delaying.shutdown();
        closed.countDown();
        ran.await();
    }

    /** Delays what it is given on a scheduled executor of its own, as Netty's tests' DelayingExecutor. */
    static class Delaying {
        final ScheduledExecutorService service = Daemons.scheduler("delaying");

        void deliver(Runnable command) {
            service.schedule(command, 0, TimeUnit.MILLISECONDS); // @delaying-schedule
        }

        /** The executor's own work, armed by its user outside any hand-off. */
        void armPurge() {
            service.schedule(this::purge, 0, TimeUnit.MILLISECONDS); // @purge-schedule
        }

        void purge() {
        }

        static void work() {
        }

        void shutdown() {
            service.shutdown(); // @delaying-shutdown
        }
    }

    static final class DelayingExecutor extends Delaying implements Executor {
        @Override
        public void execute(Runnable command) {
            deliver(command);
        }

        @Override
        void deliver(Runnable command) {
            service.schedule(command, 0, TimeUnit.MILLISECONDS); // @executor-schedule
        }
    }

    static void flagShutdown() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        FlagExecutor executor = new FlagExecutor(2);
        executor.execute(() -> await(closed)); // the first worker takes it and holds the pool's thread
        executor.execute(ran::countDown); // a second worker, queued on the pool behind the first
        executor.shutdown();
        closed.countDown();
        ran.await();
        executor.workersDone.await(); // both workers have touched the executor's map, the second after the shutdown
    }

    static void periodicAfterFlagShutdown() throws InterruptedException {
        FlagExecutor executor = new FlagExecutor(1);
        SharedSchedulers.Tick tick = new SharedSchedulers.Tick(); // counts down once a close has armed it
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(tick, 1, TimeUnit.MILLISECONDS);
        executor.shutdown();
        tick.afterClose = new CountDownLatch(2); // the second run certainly began after the shutdown
        tick.afterClose.await();
        future.cancel(false);
    }

    /**
     * As Hazelcast's CachedExecutorServiceDelegate: queues its callers' tasks and starts workers on a
     * pool, up to a bound; {@code shutdown()} sets a flag and lets the queue drain.
     */
    static final class FlagExecutor extends AbstractExecutorService {
        private static final ExecutorService POOL = Daemons.single("flag-pool");
        private static final ScheduledExecutorService TIMER = Daemons.scheduler("flag-timer");
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final Map<String, Integer> workerRuns = new ConcurrentHashMap<>();
        private final AtomicInteger workers = new AtomicInteger();
        private final int maxWorkers;
        private volatile boolean shutdown;
        final CountDownLatch workersDone;

        FlagExecutor(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            this.workersDone = new CountDownLatch(maxWorkers);
        }

        @Override
        public void execute(Runnable command) {
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }
            queue.offer(command);
            addWorkerIfRequired();
        }

        private void addWorkerIfRequired() {
            int n = workers.get();
            if (n < maxWorkers && workers.compareAndSet(n, n + 1)) {
                POOL.execute(new Worker()); // @flag-worker
            }
        }

        ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long period, TimeUnit unit) {
            return TIMER.scheduleAtFixedRate(command, period, period, unit); // @flag-periodic
        }

        @Override
        public void shutdown() {
            shutdown = true; // @flag-shutdown
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown && queue.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }

        private final class Worker implements Runnable {
            @Override
            public void run() {
                workerRuns.merge(Thread.currentThread().getName(), 1, Integer::sum); // @flag-touch
                Runnable next;
                while ((next = queue.poll()) != null) {
                    next.run();
                }
                workersDone.countDown();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
