package testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets threads take turns in an order racewatch does not see: the agent instruments {@code shop.*}
 * only, so this latch orders nothing for it. Tests use it to be deterministic: the race never
 * strikes (the threads run one after the other, as on a lucky day) and racewatch reports it anyway.
 */
public final class Turns {
    private final CountDownLatch[] ended;

    public Turns(int threads) {
        ended = new CountDownLatch[threads];
        for (int i = 0; i < threads; i++) {
            ended[i] = new CountDownLatch(1);
        }
    }

    /** Runs {@code body} as turn {@code n} (from 0), once turn {@code n - 1} has ended. */
    public void take(int n, Runnable body) {
        try {
            if (n > 0 && !ended[n - 1].await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("turn " + (n - 1) + " did not end in 30 s");
            }
            body.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            ended[n].countDown();
        }
    }
}
