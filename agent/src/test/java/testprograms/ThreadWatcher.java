package testprograms;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * A program that watches its own threads, as hang detectors and thread-leak checks do.
 *
 * <ul>
 *   <li>{@code hang}: three workers take a lock, then wait forever on a latch. A hang detector
 *       counts the threads of its group ({@code Thread.activeCount()}) and how many are WAITING;
 *       it reports the hang when every thread but itself waits. It prints the thread count at
 *       start, the hang and the names of its group's threads: the same with and without the agent.</li>
 *   <li>{@code agent-threads}: prints racewatch's threads (any whose name starts with
 *       {@code racewatch-}) before any lock work, then holds a lock past the threshold and prints
 *       them again once the watchdog has sampled the hold.</li>
 * </ul>
 */
public final class ThreadWatcher {
    private static final Object lock = new Object();
    private static int entries;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("hang")) {
            hang();
        } else {
            agentThreads();
        }
    }

    private static void hang() throws InterruptedException {
        System.out.println("threads at start: " + Thread.activeCount());
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            Thread worker = new Thread(() -> {
                synchronized (lock) {
                    entries++;
                }
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            worker.setDaemon(true); // the hang must not keep the JVM alive once seen
            worker.start();
        }
        // The detector: polls its group until every other thread waits (the program's own
        // design, not the test's: it gives up after 60 s and says so).
        Thread me = Thread.currentThread();
        for (int poll = 0; poll < 6000; poll++) {
            Thread[] group = new Thread[Thread.activeCount() + 8];
            int n = Thread.enumerate(group);
            int waiting = 0;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(group[i].getName());
                if (group[i] != me && group[i].getState() == Thread.State.WAITING) {
                    waiting++;
                }
            }
            if (n > 1 && waiting == n - 1) {
                System.out.println("hang seen: " + waiting + " of " + (n - 1) + " other threads waiting");
                System.out.println("group threads: " + new TreeSet<>(names));
                return;
            }
            Thread.sleep(10);
        }
        System.out.println("no hang seen");
    }

    private static void agentThreads() throws InterruptedException {
        System.out.println("before any lock: " + racewatchThreads());
        synchronized (lock) {
            entries++;
            Thread.sleep(600); // past the 100 ms threshold: the watchdog samples this hold
        }
        System.out.println("after a long hold: " + racewatchThreads());
    }

    private static TreeSet<String> racewatchThreads() {
        TreeSet<String> out = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("racewatch-")) {
                out.add(t.getName() + " daemon=" + t.isDaemon() + " group=" + (t.getThreadGroup() == null ? "?" : t.getThreadGroup().getName()));
            }
        }
        return out;
    }
}
