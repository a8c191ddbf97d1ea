package testprograms.timers;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A self-rescheduling poller whose poll is in flight when it is closed: the racy one schedules
 * its next poll anyway, which is still scheduled when the JVM exits; the clean one checks that
 * it is open first.
 */
public final class ExitTasks {
    public static void main(String[] args) throws Exception {
        boolean checksClosed = switch (args[0]) {
            case "reschedules-after-close" -> false;
            case "checks-closed" -> true;
            default -> throw new IllegalArgumentException(args[0]);
        };
        Poller poller = new Poller(checksClosed);
        poller.start();
        poller.polling.await();
        poller.close();
        poller.closeReturned.countDown();
        poller.pollEnded.await();
        System.out.println(args[0] + " done");
    }

    static final class Poller implements AutoCloseable {
        private final ScheduledExecutorService scheduler = Daemons.scheduler("poller");
        private final boolean checksClosed;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> next;
        final CountDownLatch polling = new CountDownLatch(1);
        final CountDownLatch closeReturned = new CountDownLatch(1);
        final CountDownLatch pollEnded = new CountDownLatch(1);

        Poller(boolean checksClosed) {
            this.checksClosed = checksClosed;
        }

        void start() {
            next = scheduler.schedule(this::poll, 0, TimeUnit.MILLISECONDS);
        }

        void poll() {
            polling.countDown();
            LateRuns.await(closeReturned);
            if (!checksClosed || !closed) {
                next = scheduler.schedule(this::poll, 1, TimeUnit.HOURS); // @reschedule
            }
            pollEnded.countDown();
        }

        @Override
        public void close() {
            closed = true; // @poller-close
            next.cancel(false);
        }
    }
}
