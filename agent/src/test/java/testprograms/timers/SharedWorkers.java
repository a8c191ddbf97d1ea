package testprograms.timers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * RxJava's computation scheduler in small: one {@link Pool} worker (with a lifecycle end of its
 * own) shared by several {@link Worker}s, each of which cancels, at its dispose(), the tasks it
 * queued on the pool and no others (RxJava 3.1.8's FailOnBlockingTest). Racy: a worker's dispose()
 * forgets its own delayed task ("own-task-left"; "own-and-direct" with work handed to the pool
 * directly besides, which is no worker's). Clean: a worker is disposed while work handed to the
 * pool directly ("direct-task") or another worker's task ("other-owners-task") is still queued on
 * the shared pool: neither is the disposed worker's. racewatch tells a task's scheduler by the
 * classes on its scheduling stack, not the instances: "other-owners-task" is still charged to the
 * disposed worker (see the report of session 19's shared19 brief).
 */
public final class SharedWorkers {
    static final ScheduledExecutorService THREADS = Daemons.scheduler("pool");

    public static void main(String[] args) throws Exception {
        Pool pool = new Pool();
        switch (args[0]) {
            case "own-task-left" -> {
                Worker worker = new Worker(pool, false);
                worker.schedule(SharedWorkers::work);
                worker.dispose();
            }
            case "other-owners-task" -> {
                Worker busy = new Worker(pool, true);
                Worker done = new Worker(pool, true);
                busy.schedule(SharedWorkers::work);
                done.dispose();
                System.out.println("busy worker still open: " + !busy.disposed);
            }
            case "own-and-direct" -> {
                Worker worker = new Worker(pool, false);
                worker.schedule(SharedWorkers::work);
                pool.direct(SharedWorkers::work);
                worker.dispose();
            }
            case "direct-task" -> {
                Worker worker = new Worker(pool, true);
                worker.schedule(SharedWorkers::work);
                pool.direct(SharedWorkers::work);
                worker.dispose();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        // Exits with the delayed task still queued on the daemon pool: the exit check sees it.
        System.out.println(args[0] + " done");
    }

    static void work() {
    }

    /** The shared worker: its own end shuts its threads down; it never sees who queued what. */
    static final class Pool {
        Future<?> queue(Runnable task) {
            return THREADS.schedule(task, 10, TimeUnit.SECONDS); // @pool-schedule
        }

        /** Work handed to the pool by no worker (RxJava's scheduleDirect): no worker's dispose() cancels it. */
        Future<?> direct(Runnable task) {
            return THREADS.schedule(task, 10, TimeUnit.SECONDS); // @direct-schedule
        }

        void dispose() {
            THREADS.shutdownNow();
        }
    }

    /** One user of the shared pool: cancels, at dispose(), the tasks it queued (or forgets to). */
    static final class Worker {
        private final Pool pool;
        private final boolean cancelsOwn;
        private final List<Future<?>> mine = new ArrayList<>();
        volatile boolean disposed;

        Worker(Pool pool, boolean cancelsOwn) {
            this.pool = pool;
            this.cancelsOwn = cancelsOwn;
        }

        void schedule(Runnable task) {
            mine.add(pool.queue(task));
        }

        void dispose() {
            disposed = true; // @worker-dispose
            if (cancelsOwn) {
                for (Future<?> f : mine) {
                    f.cancel(false);
                }
            }
        }
    }
}
