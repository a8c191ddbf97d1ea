package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/**
 * A task runner shaped like ActiveMQ's PooledTaskRunner: wakeup() queues the runner's one task on
 * a shared executor; shutdown() marks it shut down under the task's monitor; the task, when it
 * runs, takes that monitor first and leaves if it finds the runner shut down. Queued before the
 * shutdown and run after it, the task does what racewatch's own advice asks (check that the owner
 * is open): clean. Its twin takes the same monitor and then works on the runner's map regardless
 * (a run against the closed runner). A gate task holds the executor until shutdown() returned.
 */
public final class CheckedRunner {
    public static void main(String[] args) throws Exception {
        boolean checks = switch (args[0]) {
            case "checks-owner-after-close" -> true;
            case "works-after-close" -> false;
            default -> throw new IllegalArgumentException(args[0]);
        };
        ExecutorService pool = Daemons.single("session-task");
        CountDownLatch gate = new CountDownLatch(1);
        pool.execute(() -> LateRuns.await(gate)); // holds the pool's thread until the runner is shut down
        Runner runner = new Runner(pool, checks);
        runner.wakeup();
        runner.shutdown();
        gate.countDown();
        runner.ran.await();
        System.out.println(args[0] + " iterations=" + runner.iterations.size());
        System.out.println(args[0] + " done");
    }

    static final class Runner {
        private final ExecutorService executor;
        private final boolean checks;
        private final Map<String, Integer> iterations = new HashMap<>();
        private final Runnable task = this::runTask;
        private boolean queued; // guarded by task
        private boolean shutdown; // guarded by task
        final CountDownLatch ran = new CountDownLatch(1);

        Runner(ExecutorService executor, boolean checks) {
            this.executor = executor;
            this.checks = checks;
        }

        void wakeup() {
            synchronized (task) {
                if (queued || shutdown) {
                    return;
                }
                queued = true;
                executor.execute(task); // @runner-execute
            }
        }

        void shutdown() {
            synchronized (task) { // @runner-shutdown
                shutdown = true;
            }
        }

        private void runTask() {
            try {
                synchronized (task) { // @runner-lock
                    queued = false;
                    if (shutdown && checks) {
                        return;
                    }
                    iterations.merge("runs", 1, Integer::sum); // @runner-merge
                }
            } finally {
                ran.countDown();
            }
        }
    }
}
