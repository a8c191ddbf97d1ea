package io.racewatch.bench.churn;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Programs that make many short-lived synchronization objects, timed in the JVM's CPU (all its
 * threads, the collector's and the compilers' too) per operation: {@code maps}, a new
 * {@code ConcurrentHashMap} with one put and one get each; {@code tasks}, a serialized executor
 * (a lock-free queue of links, each with an atomic of its own) whose tasks each count down a
 * new atomic and resubmit themselves until it reaches zero, submitted from several threads, as
 * jetty-util's {@code SerializedExecutorTest} does. Run once per agent jar, interleaved, by
 * {@code src/scripts/churn-pairs.sh}; watched with {@code include=io.racewatch.bench.churn.*}.
 *
 * <p>Usage: {@code java -cp racewatch-benchmarks.jar io.racewatch.bench.churn.ChurnMain maps|tasks [batches]}.
 */
public final class ChurnMain {
    private static final int MAPS_PER_BATCH = 200_000;
    private static final int THREADS = 4;
    private static final int LOOPS = 2_000;
    private static final int DEPTH = 25;

    private ChurnMain() {
    }

    public static void main(String[] args) throws Exception {
        String op = args.length > 0 ? args[0] : "maps";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Double> perOp = new ArrayList<>();
        List<Double> onMain = new ArrayList<>();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int b = -2; b < batches; b++) { // two batches of warm-up
            long cpu = processCpu();
            long mainCpu = threads.getCurrentThreadCpuTime();
            long ops = op.equals("tasks") ? tasks() : maps();
            if (b >= 0) {
                perOp.add((processCpu() - cpu) / (double) ops);
                onMain.add((threads.getCurrentThreadCpuTime() - mainCpu) / (double) ops);
            }
        }
        // The main thread's own share too: steadier on a loaded machine than the collector's threads.
        System.out.printf(Locale.ROOT, "OP %s %.1f main %.1f%n", op, median(perOp), median(onMain));
    }

    private static double median(List<Double> values) {
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long maps() {
        long sink = 0;
        for (int i = 0; i < MAPS_PER_BATCH; i++) {
            ConcurrentHashMap<Integer, Integer> m = new ConcurrentHashMap<>();
            m.put(i & 127, i);
            sink += m.get(i & 127);
        }
        return sink == 42 ? MAPS_PER_BATCH + 1 : MAPS_PER_BATCH;
    }

    /** Each thread submits {@link #LOOPS} tasks, each run {@link #DEPTH} times: the count of runs. */
    static long tasks() throws InterruptedException {
        Serial executor = new Serial();
        AtomicInteger ran = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int l = 0; l < LOOPS; l++) {
                        executor.execute(new Countdown(executor, new AtomicInteger(DEPTH), ran, running));
                        Thread.yield();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        done.await();
        while (ran.get() < THREADS * LOOPS * DEPTH) {
            Thread.yield();
        }
        return ran.get();
    }

    /** A task that runs again until its own counter reaches zero; never two at once. */
    private static final class Countdown implements Runnable {
        private final Serial executor;
        private final AtomicInteger left;
        private final AtomicInteger ran;
        private final AtomicBoolean running;

        Countdown(Serial executor, AtomicInteger left, AtomicInteger ran, AtomicBoolean running) {
            this.executor = executor;
            this.left = left;
            this.ran = ran;
            this.running = running;
        }

        @Override
        public void run() {
            if (!running.compareAndSet(false, true)) {
                throw new IllegalStateException("two tasks at once");
            }
            ran.incrementAndGet();
            if (left.decrementAndGet() > 0) {
                executor.execute(this);
            }
            running.set(false);
        }
    }

    /** Runs tasks one at a time in submission order, on whichever submitting thread found it idle. */
    private static final class Serial {
        private final AtomicReference<Link> last = new AtomicReference<>();

        void execute(Runnable task) {
            Link link = new Link(task);
            Link before = last.getAndSet(link);
            if (before == null) {
                drain(link);
            } else {
                before.next.lazySet(link);
            }
        }

        private void drain(Link link) {
            while (link != null) {
                link.task.run();
                if (last.compareAndSet(link, null)) {
                    return;
                }
                Link next = link.next.get();
                while (next == null) {
                    Thread.onSpinWait();
                    next = link.next.get();
                }
                link = next;
            }
        }
    }

    private static final class Link {
        final Runnable task;
        final AtomicReference<Link> next = new AtomicReference<>();

        Link(Runnable task) {
            this.task = task;
        }
    }
}
