package testprograms;

import java.util.concurrent.locks.LockSupport;

/**
 * Forces an interleaving without telling the agent: tests exclude this class from
 * instrumentation, and it waits on a volatile field of its own (an excluded class's volatiles
 * are not tracked), never through a JDK synchronizer, whose edges racewatch sees wherever they
 * are made.
 */
public final class Handoff {
    private volatile boolean signalled;

    public void signal() {
        signalled = true;
    }

    public void await() {
        while (!signalled) {
            LockSupport.parkNanos(100_000L); // no edge: park orders nothing
        }
    }
}
