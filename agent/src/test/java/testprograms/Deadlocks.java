package testprograms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two threads that really deadlock: each takes its first lock, both meet at a barrier, then
 * each asks for the other's. Main waits (bounded) until racewatch has written the deadlock to
 * the findings file, proving it is reported while the program is hung, then exits.
 */
public final class Deadlocks {
    private static final Object left = new Object();
    private static final Object right = new Object();
    private static final ReentrantLock first = new ReentrantLock();
    private static final ReentrantLock second = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        CyclicBarrier bothHold = new CyclicBarrier(2);
        boolean monitors = args[0].equals("monitors");
        Thread a = new Thread(() -> takeBoth(monitors, true, bothHold), "left-first");
        Thread b = new Thread(() -> takeBoth(monitors, false, bothHold), "right-first");
        a.setDaemon(true);
        b.setDaemon(true);
        a.start();
        b.start();
        Path findings = Path.of(args[1], "findings.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !(Files.exists(findings) && Files.readString(findings).contains("\"deadlock\""))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // waiting for the watchdog, not ordering threads
        }
        System.out.println("still hung: " + (a.isAlive() && b.isAlive()));
    }

    private static void takeBoth(boolean monitors, boolean leftFirst, CyclicBarrier bothHold) {
        if (monitors) {
            Object one = leftFirst ? left : right;
            Object two = leftFirst ? right : left;
            synchronized (one) {
                meet(bothHold);
                synchronized (two) { // @wait-monitor
                    one.hashCode();
                }
            }
        } else {
            ReentrantLock one = leftFirst ? first : second;
            ReentrantLock two = leftFirst ? second : first;
            one.lock();
            meet(bothHold);
            two.lock(); // @wait-lock
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
