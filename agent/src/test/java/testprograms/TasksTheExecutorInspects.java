package testprograms;

import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors that ask their tasks what else they are, handed tasks from checked code: a pool that
 * closes the jobs still queued when it stops if they are {@code Closeable} (as Jetty's thread pool
 * does), a {@code ThreadPoolExecutor} whose {@code afterExecute} reads the outcome of a task that
 * is a {@code Future} (the JDK's own example), one whose queue orders {@code Comparable} tasks,
 * and a pool that runs its own subclass of task first. What each saw must not change under the
 * agent.
 */
public final class TasksTheExecutorInspects {
    private TasksTheExecutorInspects() {
    }

    public static void main(String[] args) throws Exception {
        closesQueuedJobs();
        afterExecuteReadsTheFuture();
        ordersComparableTasks();
        runsItsOwnTaskClassFirst();
    }

    /** A single-thread pool that, stopped, closes the jobs it never ran. */
    static final class ClosingPool implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable job) {
            queue.add(job);
        }

        synchronized int stop() throws Exception {
            int closed = 0;
            for (Runnable job : queue) {
                if (job instanceof Closeable c) {
                    c.close();
                    closed++;
                }
            }
            queue.clear();
            return closed;
        }
    }

    /** A job that must be closed if it never runs. */
    static final class EndPointJob implements Runnable, Closeable {
        boolean closed;

        @Override
        public void run() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void closesQueuedJobs() throws Exception {
        ClosingPool pool = new ClosingPool();
        EndPointJob job = new EndPointJob();
        pool.execute(job);
        pool.execute(() -> { });
        System.out.println("queued jobs closed at stop " + pool.stop() + ", the job closed " + job.closed);
    }

    private static void afterExecuteReadsTheFuture() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch after = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>()) {
            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                if (r instanceof FutureTask<?> f) {
                    try {
                        seen.set((Integer) f.get());
                    } catch (InterruptedException | ExecutionException e) {
                        seen.set(-1);
                    }
                }
                after.countDown();
            }
        };
        pool.execute(new FutureTask<>(() -> 42));
        after.await();
        pool.shutdown();
        System.out.println("afterExecute read the task's future " + seen.get());
    }

    /** A task a priority queue can order. */
    static class Ranked implements Runnable, Comparable<Ranked> {
        final int rank;
        final StringBuffer order;

        Ranked(int rank, StringBuffer order) {
            this.rank = rank;
            this.order = order;
        }

        @Override
        public void run() {
            order.append(rank);
        }

        @Override
        public int compareTo(Ranked o) {
            return Integer.compare(rank, o.rank);
        }
    }

    private static void ordersComparableTasks() throws Exception {
        StringBuffer order = new StringBuffer();
        CountDownLatch hold = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>());
        pool.prestartAllCoreThreads();
        pool.execute(new Ranked(0, order) {
            @Override
            public void run() {
                try {
                    hold.await(); // the others queue up meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.run();
            }
        });
        for (int rank : new int[] {3, 1, 2}) {
            pool.execute(new Ranked(rank, order));
        }
        hold.countDown();
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        System.out.println("ran in rank order " + order);
    }

    /** The pool's own kind of task, which it runs before any other. */
    abstract static class Urgent implements Runnable {
    }

    /** Runs the queued tasks when told, urgent ones first. */
    static final class UrgentFirstPool implements Executor {
        private final ArrayDeque<Runnable> urgent = new ArrayDeque<>();
        private final ArrayDeque<Runnable> rest = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            (task instanceof Urgent ? urgent : rest).add(task);
        }

        synchronized void runAll() {
            urgent.forEach(Runnable::run);
            rest.forEach(Runnable::run);
        }
    }

    private static void runsItsOwnTaskClassFirst() {
        StringBuilder order = new StringBuilder();
        UrgentFirstPool pool = new UrgentFirstPool();
        pool.execute(() -> order.append("plain "));
        pool.execute(new Urgent() {
            @Override
            public void run() {
                order.append("urgent ");
            }
        });
        pool.runAll();
        System.out.println("ran " + order.toString().trim());
    }
}
