package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * 200 threads hammer three maps at once (released together by a start gate):
 * <ul>
 * <li>a HashMap, every get+put under one monitor: clean;</li>
 * <li>a ConcurrentHashMap through merge: clean (atomic);</li>
 * <li>a ConcurrentHashMap through get then put with no lock: a real lost-update race (the map
 *     itself stays consistent, only the count is wrong, so its value is not printed).</li>
 * </ul>
 * The agent must report the race, only at the racy lines, once per kind and sites (repeats are
 * counted, not written again), and must neither crash nor hang.
 * Prints {@code many-threads locked=10000 merged=10000}.
 */
public final class ManyThreadsMixed {
    private static final int THREADS = 200;
    private static final int ROUNDS = 50;
    private static final Object LOCK = new Object();
    private static final Map<String, Integer> locked = new HashMap<>();
    private static final Map<String, Integer> merged = new ConcurrentHashMap<>();
    private static final Map<String, Integer> racy = new ConcurrentHashMap<>();

    static void work() {
        for (int i = 0; i < ROUNDS; i++) {
            String key = "k" + (i % 10);
            synchronized (LOCK) {
                Integer v = locked.get(key); // @locked-read
                locked.put(key, v == null ? 1 : v + 1); // @locked-write
            }
            merged.merge(key, 1, Integer::sum); // @merge
            Integer r = racy.get("shared"); // @racy-read
            racy.put("shared", r == null ? 1 : r + 1); // @racy-write
        }
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                work();
            }, "worker-" + t);
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        int lockedTotal = locked.values().stream().mapToInt(Integer::intValue).sum();
        int mergedTotal = merged.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("many-threads locked=" + lockedTotal + " merged=" + mergedTotal);
    }
}
