package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tasks that run after their owner closed (racy) and twins where they cannot (clean). Orderings
 * are forced with latches; the one scheduled delay is there to let close() come first.
 */
public final class LateRuns {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "after-shutdown" -> afterShutdown(false);
            case "after-shutdown-now" -> afterShutdown(true);
            case "closed-session" -> closedSession(false);
            case "own-session" -> closedSession(true);
            case "running-across-close" -> runningAcrossClose();
            case "worker-leaves-after-stop" -> workerLeavesAfterStop();
            case "closes-itself" -> closesItself();
            case "cancelled-while-running" -> cancelledWhileRunning();
            case "local-map-across-close" -> localMapAcrossClose();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    /**
     * shutdown() cancels periodic tasks but still runs delayed one-shots (the executor's default
     * policy): the flush runs after close() and touches the closed cache.
     */
    static void afterShutdown(boolean now) throws InterruptedException {
        Cache cache = new Cache(now);
        cache.close();
        if (now) {
            System.out.println("terminated=" + cache.executor.awaitTermination(10, TimeUnit.SECONDS));
        } else {
            cache.flushed.await();
        }
    }

    static final class Cache implements AutoCloseable {
        final ScheduledExecutorService executor = Daemons.scheduler("cache-flusher");
        final Map<String, String> entries = new HashMap<>();
        final CountDownLatch flushed = new CountDownLatch(1);
        private final boolean shutdownNow;

        Cache(boolean shutdownNow) {
            this.shutdownNow = shutdownNow;
            executor.schedule(this::flush, 200, TimeUnit.MILLISECONDS); // @flush-schedule
        }

        void flush() {
            entries.clear(); // @flush-touch
            flushed.countDown();
        }

        @Override
        public void close() {
            if (shutdownNow) { // @cache-close
                executor.shutdownNow();
            } else {
                executor.shutdown();
            }
        }
    }

    /**
     * A session's background prefetch is still queued when the session closes, and then reads
     * the closed session (the seed's background task using a closed session). The fix passes
     * the id to a job that opens a session of its own.
     */
    static void closedSession(boolean fixed) throws InterruptedException {
        ExecutorService workers = Daemons.single("background-worker");
        CountDownLatch gate = new CountDownLatch(1);
        workers.execute(() -> await(gate)); // keeps the worker busy until the session is closed
        CountDownLatch done = new CountDownLatch(1);
        Session session = new Session(workers);
        if (fixed) {
            new Prefetcher(workers).prefetch("order-7", done);
        } else {
            session.prefetch("order-7", done);
        }
        session.close();
        gate.countDown();
        done.await();
    }

    static final class Session implements AutoCloseable {
        private final ExecutorService workers;
        final Map<String, String> loaded = new HashMap<>();

        Session(ExecutorService workers) {
            this.workers = workers;
        }

        void prefetch(String id, CountDownLatch done) {
            workers.submit(() -> { // @prefetch-submit
                load(id);
                done.countDown();
            });
        }

        String load(String id) {
            return loaded.computeIfAbsent(id, k -> "row " + k); // @session-load
        }

        @Override
        public void close() {
        }
    }

    /** Owns no lifecycle: it hands the job an id, and the job opens its own session. */
    static final class Prefetcher {
        private final ExecutorService workers;

        Prefetcher(ExecutorService workers) {
            this.workers = workers;
        }

        void prefetch(String id, CountDownLatch done) {
            workers.submit(() -> {
                try (Session own = new Session(workers)) {
                    own.load(id);
                }
                done.countDown();
            });
        }
    }

    /** A task already running when another thread closes its owner, and touching it afterwards. */
    static void runningAcrossClose() throws InterruptedException {
        Uploader uploader = new Uploader(true);
        uploader.started.await();
        uploader.close();
        uploader.closed.countDown();
        uploader.finished.await();
    }

    /**
     * A worker loop its owner started, still running when another thread stops the owner; on its
     * way out it takes the owner's lock to see that it is stopped (as Jetty's selector loop and
     * reserved threads do after their pool's {@code stop()} returned): clean.
     */
    static void workerLeavesAfterStop() throws InterruptedException {
        Loop loop = new Loop();
        loop.started.await();
        loop.close();
        loop.closed.countDown();
        loop.finished.await();
        System.out.println("left=" + loop.left);
    }

    static final class Loop implements AutoCloseable {
        private final ExecutorService worker = Daemons.single("loop");
        private final ReentrantLock lock = new ReentrantLock();
        private boolean running = true; // guarded by lock
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile boolean left;

        Loop() {
            worker.execute(() -> {
                started.countDown();
                await(closed);
                lock.lock();
                try {
                    left = !running;
                } finally {
                    lock.unlock();
                }
                finished.countDown();
            });
        }

        @Override
        public void close() {
            lock.lock();
            try {
                running = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A task still running when its owner closes, that then fills a map of its own (a local, as
     * commons-lang's MultiBackgroundInitializer collects child results): it touches nothing of
     * the closed owner's, clean.
     */
    static void localMapAcrossClose() throws InterruptedException {
        Collector collector = new Collector();
        collector.started.await();
        collector.close();
        collector.closed.countDown();
        collector.finished.await();
        System.out.println("collected=" + collector.collected);
    }

    static final class Collector implements AutoCloseable {
        private final ExecutorService worker = Daemons.single("collector");
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile int collected;

        Collector() {
            worker.execute(() -> {
                started.countDown();
                await(closed);
                Map<String, Integer> results = new HashMap<>();
                results.put("child", 1);
                collected = results.size();
                finished.countDown();
            });
        }

        @Override
        public void close() {
        }
    }

    /** A task that closes its own owner and then updates it: ordered by its own thread, clean. */
    static void closesItself() throws InterruptedException {
        Uploader uploader = new Uploader(false);
        uploader.finished.await();
    }

    static final class Uploader implements AutoCloseable {
        private final ExecutorService worker = Daemons.single("uploader");
        final Map<String, Integer> progress = new HashMap<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);

        Uploader(boolean closedByOthers) {
            worker.execute(() -> { // @upload-execute
                started.countDown();
                if (closedByOthers) {
                    await(closed);
                } else {
                    close();
                }
                progress.put("done", 100); // @upload-touch
                finished.countDown();
            });
        }

        @Override
        public void close() {
        }
    }

    /** close() cancels the periodic task while a run is in flight; that run finishes: clean. */
    static void cancelledWhileRunning() throws InterruptedException {
        Beacon beacon = new Beacon();
        beacon.running.await();
        beacon.close();
        beacon.closed.countDown();
        beacon.finished.await();
    }

    static final class Beacon implements AutoCloseable {
        private final ScheduledExecutorService executor = Daemons.scheduler("beacon");
        private final java.util.concurrent.ScheduledFuture<?> beat;
        final Map<String, Integer> sent = new HashMap<>();
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);

        Beacon() {
            beat = executor.scheduleAtFixedRate(this::beat, 0, 1, TimeUnit.HOURS);
        }

        void beat() {
            running.countDown();
            await(closed);
            sent.merge("beats", 1, Integer::sum);
            finished.countDown();
        }

        @Override
        public void close() {
            beat.cancel(false);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
