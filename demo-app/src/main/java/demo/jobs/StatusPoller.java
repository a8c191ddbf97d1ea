package demo.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polls a job until it is done, with a give-up timeout in case it never is. The buggy poller
 * stops polling when the job is done but leaves the timeout scheduled, so it fires later and
 * marks a finished job as timed out; the fixed one cancels both. (Seed: a polling timeout that
 * fires after polling succeeded.)
 */
final class StatusPoller {
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier jobDone;
    private final boolean fixed;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String outcome = "polling";
    private volatile ScheduledFuture<?> polling;
    private volatile ScheduledFuture<?> giveUp;
    private volatile boolean stopped;

    StatusPoller(ScheduledExecutorService scheduler, BooleanSupplier jobDone, boolean fixed) {
        this.scheduler = scheduler;
        this.jobDone = jobDone;
        this.fixed = fixed;
    }

    /**
     * The timeout first: a poll that succeeds at once must find it there to cancel. The first poll
     * can also run before {@code polling} is stored (a slow or busy machine): its stop() then
     * finds no future to cancel, so the future is cancelled here once stored.
     */
    void start(long everyMs, long timeoutMs) {
        giveUp = scheduler.schedule(this::giveUp, timeoutMs, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> p = scheduler.scheduleWithFixedDelay(this::poll, everyMs, everyMs, TimeUnit.MILLISECONDS);
        polling = p;
        if (stopped) {
            p.cancel(false);
        }
    }

    private void poll() {
        if (jobDone.getAsBoolean()) {
            outcome = "done";
            stop();
            finished.countDown();
        }
    }

    private void giveUp() {
        outcome = "timed out";
        stop();
        finished.countDown();
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> p = polling;
        if (p != null) {
            p.cancel(false);
        }
        if (fixed) {
            giveUp.cancel(false);
        }
    }

    String awaitOutcome() throws InterruptedException {
        finished.await();
        return outcome;
    }
}
