package testprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * More live locks than any name table would keep (args[0] monitors, each taken once and kept
 * reachable to the end), then two threads that deadlock on two locks made after them. Main waits
 * (bounded) until racewatch has written the deadlock, then exits.
 */
public final class ManyLiveLocks {
    private static final Object left = new Object();
    private static final Object right = new Object();

    public static void main(String[] args) throws Exception {
        List<Object> live = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[0]); i++) {
            Object lock = new Object();
            synchronized (lock) {
                live.add(lock);
            }
        }
        CyclicBarrier bothHold = new CyclicBarrier(2);
        Thread a = new Thread(() -> leftThenRight(bothHold), "left-first");
        Thread b = new Thread(() -> rightThenLeft(bothHold), "right-first");
        a.setDaemon(true);
        b.setDaemon(true);
        a.start();
        b.start();
        Path findings = Path.of(args[1], "findings.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !(Files.exists(findings) && Files.readString(findings).contains("\"deadlock\""))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // waiting for the watchdog, not ordering threads
        }
        System.out.println("live locks: " + live.size() + ", still hung: " + (a.isAlive() && b.isAlive()));
    }

    private static void leftThenRight(CyclicBarrier bothHold) {
        synchronized (left) {
            meet(bothHold);
            synchronized (right) {
                bothHold.getParties();
            }
        }
    }

    private static void rightThenLeft(CyclicBarrier bothHold) {
        synchronized (right) {
            meet(bothHold);
            synchronized (left) {
                bothHold.getParties();
            }
        }
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
