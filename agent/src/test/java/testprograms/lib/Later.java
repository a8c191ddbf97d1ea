package testprograms.lib;

import java.util.Timer;
import java.util.TimerTask;

/**
 * A library that runs the application's work later on a {@link Timer}, wrapped in a TimerTask
 * of its own: the scheduling and the task's class are both the library's. Tests exclude
 * {@code testprograms.lib.*}.
 */
public final class Later implements AutoCloseable {
    private final Timer timer = new Timer("later", true);

    public void run(Runnable work) {
        timer.schedule(new Job(work), 1);
    }

    @Override
    public void close() {
        timer.cancel();
    }

    private static final class Job extends TimerTask {
        private final Runnable work;

        Job(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            work.run();
        }
    }
}
