package testprograms.timers;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A poller whose close forgets its give-up timeout, and whose executor is shut down right after:
 * {@code shutdownNow} drains the timeout, nothing holds its future any more, and a collection
 * follows before the close's grace has passed. Racy: the close left the timeout behind, however the
 * executor's end then dropped it. Clean twin: the close cancels it.
 */
public final class DrainedAfterClose {
    static final class Poller implements AutoCloseable {
        private final boolean cancels;
        private final ScheduledFuture<?> giveUp;

        Poller(ScheduledExecutorService scheduler, boolean cancels) {
            this.cancels = cancels;
            giveUp = scheduler.schedule(this::giveUp, 1, TimeUnit.HOURS); // @drained-schedule
        }

        private void giveUp() {
        }

        @Override
        public void close() {
            if (cancels) { // @drained-close
                giveUp.cancel(false);
            }
        }
    }

    public static void main(String[] args) {
        boolean cancels = args[0].equals("cancels");
        closeThenShutDown(cancels);
        for (int i = 0; i < 3; i++) {
            System.gc(); // clears every weak reference to the drained future: nothing else holds it
        }
        System.out.println(args[0] + " done");
    }

    private static void closeThenShutDown(boolean cancels) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        new Poller(scheduler, cancels).close();
        scheduler.shutdownNow();
    }
}
