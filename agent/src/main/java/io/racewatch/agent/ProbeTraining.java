package io.racewatch.agent;

import io.racewatch.order.OrderProbes;
import io.racewatch.order.SyncProbes;
import io.racewatch.runtime.SamplingWindows;

/**
 * Staging mode, at start-up: runs the happens-before probes the JDK's hooks and the ordered
 * classes call most (release, acquire, atomics, volatile accesses) through their in-window branch
 * a few thousand times, in a window of their own, before the program's {@code main}.
 *
 * <p>Why: the JIT compiles a branch its profile never saw taken as a trap. Between windows a
 * probe's window check is never taken, so the application's hot methods, and the JDK's hooked
 * atomics and futures inlined into them, were compiled with a trap there, and the first window
 * to open threw that code away at once (reactive workload, {@code include=} its own package: 13 to
 * 26 of 23 to 36 deoptimizations at these probes' window checks, each a hot method interpreted
 * again and compiled a second time). A probe method's profile is one per method, shared by all
 * its call sites, so a branch seen taken here is compiled as a branch to the out-of-line
 * in-window call everywhere, and the first window finds no trap at these checks (measured: 0, 0 and
 * 1 in three runs). The branch then costs a call's worth of compiled code at each check, as it would
 * after the first window anyway.
 *
 * <p>Records nothing: it runs before tracking is enabled, so the in-window parts find no thread
 * state and return. The window closes before the program starts.
 */
final class ProbeTraining {
    /** Enough calls for each probe to be compiled with profiling and then seen taking the branch. */
    static final int CALLS = 4_000;

    private ProbeTraining() {
    }

    static void run() {
        SamplingWindows.openWindow();
        try {
            Object o = new Object();
            for (int i = 0; i < CALLS; i++) {
                SyncProbes.release(o, 0);
                SyncProbes.acquire(o, 0);
                OrderProbes.atomicWrite(o);
                OrderProbes.atomicRead(o);
                OrderProbes.volatileWrite(o);
                OrderProbes.volatileRead(o);
                SyncProbes.volatileWrite(0);
                SyncProbes.volatileRead(0);
            }
        } finally {
            SamplingWindows.closeWindow();
        }
    }
}
