package testprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A deadlock racewatch tracks no hold of: one short hold in this class starts the watchdog, main waits
 * until the hold clock has fallen asleep (the watchdog parked, not sleeping between ticks), then two
 * threads deadlock on monitors taken in {@link Untracked}, a class the test excludes. No open hold wakes
 * the clock, so only a deadlock search that runs while it sleeps finds them. Main waits (bounded) for the
 * finding, as {@link Deadlocks} does.
 */
public final class DeadlockWhileIdle {
    private static final Object startsTheWatchdog = new Object();
    private static int held;

    public static void main(String[] args) throws Exception {
        synchronized (startsTheWatchdog) {
            held++;
        }
        Locks.awaitWatchdogParked();
        Thread[] hung = Untracked.deadlock();
        Path findings = Path.of(args[0], "findings.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !(Files.exists(findings) && Files.readString(findings).contains("\"deadlock\""))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // waiting for the watchdog, not ordering threads
        }
        System.out.println("still hung: " + (hung[0].isAlive() && hung[1].isAlive()));
    }

    /** Excluded by the test: its monitors are not racewatch's holds. */
    static final class Untracked {
        private static final Object left = new Object();
        private static final Object right = new Object();

        static Thread[] deadlock() {
            CyclicBarrier bothHold = new CyclicBarrier(2);
            Thread a = new Thread(() -> takeBoth(left, right, bothHold), "left-first");
            Thread b = new Thread(() -> takeBoth(right, left, bothHold), "right-first");
            a.setDaemon(true);
            b.setDaemon(true);
            a.start();
            b.start();
            return new Thread[] {a, b};
        }

        private static void takeBoth(Object one, Object two, CyclicBarrier bothHold) {
            synchronized (one) {
                try {
                    bothHold.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                synchronized (two) {
                    one.hashCode();
                }
            }
        }
    }
}
