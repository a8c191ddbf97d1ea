package demo.jobs;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The scheduling mistakes of the seeds: work scheduled by an object that outlives it. Each
 * scenario has executors of its own, shut down at its end.
 */
final class TimerScenarios {
    private TimerScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            new Scenario("status-poller", TimerScenarios::statusPoller),
            new Scenario("heartbeat", TimerScenarios::heartbeat),
            new Scenario("report-prefetch", TimerScenarios::reportPrefetch));
    }

    private static String statusPoller(boolean fixed) throws Exception {
        return withScheduler("poller", scheduler -> {
            StatusPoller poller = new StatusPoller(scheduler, () -> true, fixed);
            poller.start(10, 60_000);
            return "polled job-4 until it was " + poller.awaitOutcome() + " (give-up timeout: 60 s)";
        });
    }

    private static String heartbeat(boolean fixed) throws Exception {
        return withScheduler("heartbeat", scheduler -> {
            WorkerConnection connection = new WorkerConnection(scheduler, fixed);
            connection.close();
            if (fixed) {
                return "closed the worker connection; its heartbeat was cancelled";
            }
            return "closed the worker connection; a heartbeat went out after close: " + connection.awaitHeartbeatAfterClose();
        });
    }

    private static String reportPrefetch(boolean fixed) throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor(named("report-worker"));
        try {
            CountDownLatch requestEnded = new CountDownLatch(1);
            workers.execute(() -> awaitQuietly(requestEnded)); // the worker is busy until the request has returned
            Future<String> report = new ReportRequests(workers, fixed).handle("order-42");
            requestEnded.countDown();
            try {
                return "prefetched: " + report.get();
            } catch (ExecutionException e) {
                return "the prefetch failed: " + e.getCause().getMessage();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** What a scenario does with a scheduler of its own. */
    private interface WithScheduler {
        String run(ScheduledExecutorService scheduler) throws Exception;
    }

    private static String withScheduler(String thread, WithScheduler body) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named(thread));
        try {
            return body.run(scheduler);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
