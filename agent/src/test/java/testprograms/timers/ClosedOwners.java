package testprograms.timers;

import io.racewatch.tasks.Owners;
import jakarta.annotation.PreDestroy;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Owners whose life ends while what they scheduled is still scheduled (racy), and their twins
 * that cancel it (clean). The first argument picks the case. Delays are long: nothing here
 * depends on a task running, only on it being scheduled when the owner closes.
 */
public final class ClosedOwners {
    static final ScheduledExecutorService SHARED = Daemons.scheduler("shared-scheduler");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "heartbeat" -> new Connection(false).close();
            case "heartbeat-cancelled" -> new Connection(true).close();
            case "timer" -> new TimerClient(false).close();
            case "timer-cancelled" -> new TimerClient(true).close();
            case "timer-task-cancelled" -> new TimerTaskClient().close();
            case "timer-ran-once" -> new TimerOnce().runThenClose();
            case "timeout" -> new Poller(false).pollSucceeded();
            case "timeout-cancelled" -> new Poller(true).pollSucceeded();
            case "owned-executor" -> new OwnExecutor(false).close();
            case "owned-executor-shut-down" -> new OwnExecutor(true).close();
            case "subclass-cancels-after-super" -> new CarefulConnection().close();
            case "close-throws" -> closeThatThrows();
            case "pre-destroy" -> new Bean().shutdownQuietly();
            case "custom-lifecycle" -> new Lease().release();
            case "static-scope" -> Helpers.closeStaticallyScheduled(true);
            case "static-no-scope" -> Helpers.closeStaticallyScheduled(false);
            case "delayed-executor" -> new Reminder().close();
            case "or-timeout" -> new Request().close();
            case "async-close" -> Endpoint.closeOnAnotherThread(true);
            case "async-close-forgets" -> Endpoint.closeOnAnotherThread(false);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void closeThatThrows() {
        try {
            new FailingClose().close();
        } catch (IllegalStateException expected) {
            System.out.println("close threw: " + expected.getMessage());
        }
    }

    /** A heartbeat scheduled in the constructor; the task captures its owner (this::beat), so the owner can never be collected. */
    static final class Connection implements AutoCloseable {
        private final ScheduledFuture<?> heartbeat;
        private final boolean cancelOnClose;

        Connection(boolean cancelOnClose) {
            this.cancelOnClose = cancelOnClose;
            heartbeat = SHARED.scheduleAtFixedRate(this::beat, 1, 1, TimeUnit.HOURS); // @heartbeat
        }

        void beat() {
        }

        @Override
        public void close() {
            if (cancelOnClose) { // @connection-close
                heartbeat.cancel(false);
            }
        }
    }

    /** A subclass that closes its parent first and cancels its own task after: clean once both have returned. */
    static class BaseConnection implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    static final class CarefulConnection extends BaseConnection {
        private final ScheduledFuture<?> refresh = SHARED.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS);

        @Override
        public void close() {
            super.close();
            refresh.cancel(false);
        }
    }

    static final class TimerClient implements AutoCloseable {
        private final Timer timer = new Timer("client-timer", true);
        private final boolean cancelOnClose;

        TimerClient(boolean cancelOnClose) {
            this.cancelOnClose = cancelOnClose;
            timer.schedule(new TimerTask() { // @timer-schedule
                @Override
                public void run() {
                }
            }, 3_600_000L, 3_600_000L);
        }

        @Override
        public void close() {
            if (cancelOnClose) {
                timer.cancel();
            }
        }
    }

    static final class TimerTaskClient implements AutoCloseable {
        private static final Timer TIMER = new Timer("shared-timer", true);
        private final TimerTask refresh = new TimerTask() {
            @Override
            public void run() {
            }
        };

        TimerTaskClient() {
            TIMER.scheduleAtFixedRate(refresh, 3_600_000L, 3_600_000L);
        }

        @Override
        public void close() {
            refresh.cancel();
        }
    }

    /** A one-shot timer task with no delay: it can run, and end, before its scheduling call has returned. */
    static final class TimerOnce implements AutoCloseable {
        private final Timer timer = new Timer("once-timer", true);
        private final java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);

        void runThenClose() throws InterruptedException {
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    ran.countDown();
                }
            }, 0L);
            ran.await();
            close();
        }

        @Override
        public void close() {
        }
    }

    /** Polling with a give-up timeout: when the poll succeeds, the timeout must be cancelled too. */
    static final class Poller {
        private final ScheduledFuture<?> giveUp;
        private final boolean cancelTimeout;

        Poller(boolean cancelTimeout) {
            this.cancelTimeout = cancelTimeout;
            giveUp = SHARED.schedule(this::giveUp, 5, TimeUnit.MINUTES); // @give-up
        }

        void giveUp() {
        }

        void pollSucceeded() {
            stop();
        }

        void stop() {
            if (cancelTimeout) { // @poller-stop
                giveUp.cancel(false);
            }
        }
    }

    /** An owner with an executor of its own: shutting it down is as good as cancelling every task. */
    static final class OwnExecutor implements AutoCloseable {
        private final ScheduledExecutorService executor = Daemons.scheduler("own-executor");
        private final boolean shutDown;

        OwnExecutor(boolean shutDown) {
            this.shutDown = shutDown;
            executor.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS); // @own-executor
        }

        @Override
        public void close() {
            if (shutDown) {
                executor.shutdownNow();
            }
        }
    }

    static final class FailingClose implements AutoCloseable {
        FailingClose() {
            SHARED.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS); // @failing-close-schedule
        }

        @Override
        public void close() {
            throw new IllegalStateException("flush failed"); // @failing-close
        }
    }

    static final class Bean {
        Bean() {
            SHARED.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS); // @bean-schedule
        }

        @PreDestroy
        void shutdownQuietly() { // @pre-destroy
        }
    }

    /**
     * Its life ends in release(), a name racewatch knows only from the lifecycle option. The task
     * captures its owner (this::renew), so that the owner is never collected: without the option
     * there is nothing to report, whenever the collector runs.
     */
    static final class Lease {
        Lease() {
            SHARED.scheduleAtFixedRate(this::renew, 1, 1, TimeUnit.HOURS); // @lease-schedule
        }

        void renew() {
        }

        void release() {
        }
    }

    /** Scheduling from static code: only an owner named through Owners.scheduledFor is checked. */
    static final class Helpers {
        static void closeStaticallyScheduled(boolean scoped) {
            Job job = new Job();
            if (scoped) {
                try (Owners.Scope scope = Owners.scheduledFor(job)) {
                    startTicking();
                }
            } else {
                startTicking();
            }
            job.close();
        }

        static void startTicking() {
            SHARED.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS); // @static-schedule
        }
    }

    static final class Job implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    /** A reminder sent later through a delayed executor, still pending when the owner closes. */
    static final class Reminder implements AutoCloseable {
        Reminder() {
            Executor later = CompletableFuture.delayedExecutor(1, TimeUnit.HOURS, SHARED);
            later.execute(() -> { }); // @delayed-execute
        }

        @Override
        public void close() {
        }
    }

    /** A request whose response future times out after its owner closed. */
    static final class Request implements AutoCloseable {
        private final CompletableFuture<String> response = new CompletableFuture<>();

        Request() {
            response.orTimeout(1, TimeUnit.HOURS); // @or-timeout
        }

        @Override
        public void close() {
        }
    }

    /**
     * An endpoint whose {@code close()} only marks it closed and hands the rest to another thread,
     * as NIO servers do: the idle timeout is cancelled a moment after {@code close()} returned
     * (clean), or never (racy).
     */
    static final class Endpoint implements AutoCloseable {
        private final ScheduledFuture<?> idleTimeout;
        private final java.util.concurrent.CountDownLatch closeReturned = new java.util.concurrent.CountDownLatch(1);
        private final Thread finisher;

        Endpoint(boolean finisherCancels) {
            idleTimeout = SHARED.schedule(() -> { }, 1, TimeUnit.HOURS); // @idle-timeout
            finisher = new Thread(() -> {
                try {
                    closeReturned.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (finisherCancels) {
                    idleTimeout.cancel(false);
                }
            }, "finisher");
        }

        static void closeOnAnotherThread(boolean finisherCancels) throws InterruptedException {
            Endpoint e = new Endpoint(finisherCancels);
            e.finisher.start();
            e.close();
            e.closeReturned.countDown(); // the finisher acts only once close() has returned
            e.finisher.join();
        }

        private volatile boolean closed;

        @Override
        public void close() {
            closed = true; // @endpoint-close
        }
    }
}
