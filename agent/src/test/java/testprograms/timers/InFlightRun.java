package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A run the scheduler committed to before the owner's close cancelled the task, yet that begins
 * only after the close has returned: a scheduler checks a task's state and then runs it
 * (ScheduledThreadPoolExecutor and Timer both do), so a cancel(false) in between lets that run
 * go ahead. {@link CommittingScheduler} opens that gap on purpose, with latches.
 * Clean: close() cancels, and the run already committed finishes. Racy: close() forgets, and the
 * scheduler starts a run after the close.
 */
public final class InFlightRun {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cancelled-in-flight" -> {
                CommittingScheduler scheduler = new CommittingScheduler();
                Poller poller = new Poller(scheduler, true);
                scheduler.mayCheck.countDown();
                scheduler.committed.await(); // the scheduler found the task not cancelled
                poller.close();
                scheduler.mayRun.countDown();
                scheduler.finished.await();
            }
            case "forgets" -> {
                CommittingScheduler scheduler = new CommittingScheduler();
                Poller poller = new Poller(scheduler, false);
                poller.close();
                scheduler.mayCheck.countDown(); // the scheduler checks only after the close
                scheduler.mayRun.countDown();
                scheduler.finished.await();
            }
            case "forgets-reads-codes-first" -> { // the late run reads a static table of another class, then its owner's map
                CommittingScheduler scheduler = new CommittingScheduler();
                Poller poller = new Poller(scheduler, false, true);
                poller.close();
                scheduler.mayCheck.countDown();
                scheduler.mayRun.countDown();
                scheduler.finished.await();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    /** Polls its pending requests until closed; cancels its poll in close() when told to. */
    static final class Poller implements AutoCloseable {
        final Map<Long, String> pending = new HashMap<>();
        private final boolean cancels;
        private final ScheduledFuture<?> poll;

        private final boolean readsCodes;

        Poller(CommittingScheduler scheduler, boolean cancels) {
            this(scheduler, cancels, false);
        }

        Poller(CommittingScheduler scheduler, boolean cancels, boolean readsCodes) {
            this.cancels = cancels;
            this.readsCodes = readsCodes;
            pending.put(1L, "request 1");
            java.util.concurrent.ScheduledExecutorService executor = scheduler;
            poll = executor.scheduleAtFixedRate(this::poll, 0, 1, TimeUnit.MILLISECONDS); // @poll-schedule
        }

        void poll() {
            if (readsCodes) {
                Codes.BY_NUMBER.get(1); // @codes-read
            }
            pending.get(1L); // @poll-touch
        }

        @Override
        public void close() {
            if (cancels) { // @poller-close
                poll.cancel(false);
            }
        }
    }

    /** A static lookup table of another class (ZooKeeper's KeeperException.Code has one): no owner's state. */
    static final class Codes {
        static final Map<Integer, String> BY_NUMBER = new HashMap<>(Map.of(1, "one"));
    }

    /**
     * Runs one periodic task once, on its own thread: checks that the task is not cancelled,
     * then (after {@code mayRun}) runs it, as a real scheduler does with no latch between.
     */
    static final class CommittingScheduler extends java.util.concurrent.AbstractExecutorService
            implements java.util.concurrent.ScheduledExecutorService {
        final CountDownLatch mayCheck = new CountDownLatch(1);
        final CountDownLatch committed = new CountDownLatch(1);
        final CountDownLatch mayRun = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            Periodic future = new Periodic();
            Thread runner = new Thread(() -> {
                try {
                    mayCheck.await();
                    if (!future.isCancelled()) {
                        committed.countDown();
                        mayRun.await();
                        command.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }, "poller");
            runner.setDaemon(true);
            runner.start();
            return future;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <V> ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public java.util.List<Runnable> shutdownNow() {
            return java.util.List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            throw new UnsupportedOperationException();
        }
    }

    /** A periodic task's future: its cancel and isCancelled are FutureTask's. */
    static final class Periodic extends FutureTask<Void> implements ScheduledFuture<Void> {
        Periodic() {
            super(() -> null);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
