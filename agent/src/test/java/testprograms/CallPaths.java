package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * One get-then-put ({@code bump}) reached through two call paths, {@code viaLeft} and
 * {@code viaRight}. Each thread first takes the other thread's path (a warm-up on keys of its
 * own, ordered before the rest by a latch racewatch sees), so the first stack each thread showed
 * at the two sites is the wrong one for what follows. Then, turns forced through {@link Handoff}
 * (which racewatch cannot see): round 1, left bumps {@code hits} through viaLeft and right bumps
 * it through viaRight between left's get and put; round 2, on {@code again}, the roles swap. One
 * race at the same two sites, twice, in both orders.
 *
 * <p>{@code racy} or {@code clean}: the clean twin holds one lock across each get-then-put.
 */
public final class CallPaths {
    private static final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private static final Object lock = new Object();
    private static boolean locked;

    public static void main(String[] args) throws InterruptedException {
        locked = args.length > 0 && args[0].equals("clean");
        CountDownLatch warmedUp = new CountDownLatch(2);
        Handoff leftRead = new Handoff();
        Handoff rightWrote = new Handoff();
        Handoff roundOne = new Handoff();
        Handoff rightRead = new Handoff();
        Handoff leftWrote = new Handoff();
        Both.run("left", () -> {
            viaRight("warm-left", () -> { });
            arrive(warmedUp);
            // Clean: the whole bump runs under the lock, so it cannot wait for the other thread in between.
            viaLeft("hits", () -> {
                leftRead.signal();
                if (!locked) {
                    rightWrote.await();
                }
            });
            roundOne.signal();
            rightRead.await();
            viaLeft("again", () -> { });
            leftWrote.signal();
        }, "right", () -> {
            viaLeft("warm-right", () -> { });
            arrive(warmedUp);
            leftRead.await();
            viaRight("hits", () -> { });
            rightWrote.signal();
            roundOne.await();
            viaRight("again", () -> {
                rightRead.signal();
                if (!locked) {
                    leftWrote.await();
                }
            });
        });
        System.out.println("hits=" + counts.get("hits") + " again=" + counts.get("again"));
    }

    private static void viaLeft(String key, Runnable between) {
        bump(key, between);
    }

    private static void viaRight(String key, Runnable between) {
        bump(key, between);
    }

    private static void bump(String key, Runnable between) {
        if (locked) {
            synchronized (lock) {
                update(key, between);
            }
        } else {
            update(key, between);
        }
    }

    private static void update(String key, Runnable between) {
        Integer v = counts.get(key); // @read
        between.run();
        counts.put(key, v == null ? 1 : v + 1); // @write
    }

    private static void arrive(CountDownLatch latch) {
        latch.countDown();
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
