package testprograms;

import java.util.concurrent.CountDownLatch;

/**
 * Forces an interleaving without telling the agent: tests exclude this class from
 * instrumentation, so its latch calls create no happens-before edge racewatch can see.
 */
public final class Handoff {
    private final CountDownLatch latch = new CountDownLatch(1);

    public void signal() {
        latch.countDown();
    }

    public void await() {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
