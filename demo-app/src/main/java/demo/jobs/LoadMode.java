package demo.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * A CPU-bound mix of the service's correct code paths (lock registry lookups, job updates,
 * seeding, status reads) on several threads, for measuring racewatch's overhead: run it with
 * and without the agent and compare the wall times.
 */
final class LoadMode {
    private final long ops;
    private final long seconds;
    private final int threads;

    LoadMode(long ops, long seconds, int threads) {
        this.ops = ops;
        this.seconds = seconds;
        this.threads = threads;
    }

    /** Runs the load and returns the result line. */
    String run() throws InterruptedException {
        LockRegistry registry = new LockRegistry(true);
        JobTracker tracker = new JobTracker(true);
        UserSeeder seeder = new UserSeeder(true);
        for (int i = 0; i < 256; i++) {
            tracker.register("job-" + i);
        }
        AtomicLong done = new AtomicLong();
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        long perThread = seconds > 0 ? Long.MAX_VALUE : ops / threads;
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                long n = 0;
                while (n < perThread && (n & 1023) != 0 || n < perThread && System.nanoTime() < deadline) {
                    String id = "job-" + ((n * 31 + offset) & 255);
                    switch ((int) (n & 3)) {
                        case 0 -> {
                            Lock lock = registry.lockFor(id);
                            lock.lock();
                            lock.unlock();
                        }
                        case 1 -> tracker.advance(id, 1);
                        case 2 -> seeder.seed("user" + (n & 63) + "@example.com");
                        default -> tracker.status(id);
                    }
                    n++;
                }
                done.addAndGet(n);
                finished.countDown();
            }, "load-" + t);
            worker.start();
        }
        finished.await();
        long elapsedMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return "load: ops=" + done.get() + " threads=" + threads + " elapsedMs=" + elapsedMs + " opsPerSec=" + done.get() * 1000 / elapsedMs;
    }
}
