package realprograms.turns;

import java.util.concurrent.locks.LockSupport;

/**
 * Forces two threads' turns without telling the agent: the drivers that use it are run with an
 * {@code include} that leaves this package out, and an excluded class's volatile fields are not
 * tracked (nor does parking order anything). The interleaving it forces is one a real run may or
 * may not take; racewatch must judge the code, not the luck.
 */
public final class Turns {
    private volatile boolean passed;

    public void pass() {
        passed = true;
    }

    public void await() {
        while (!passed) {
            LockSupport.parkNanos(100_000L);
        }
    }
}
