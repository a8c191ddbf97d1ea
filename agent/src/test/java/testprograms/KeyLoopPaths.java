package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A thread that repeats its access of one key at one site keeps the call path it had there, with
 * no stack walk, only while no other thread touches the key. Right makes the map shared (another
 * key, and a turn racewatch cannot see: a thread ordered after the owner would take the map over
 * instead, and its accesses keep no call path of their own); left bumps {@code k} in a loop through {@code viaLoop}; right writes {@code k} once
 * (adding 0); left touches {@code k} at another site, so that its own access is the key's latest
 * again, then reads it through {@code viaLeft}. Its last read at that site (through
 * {@code viaLoop}) came before right's write, so this read is no repeat and must show
 * {@code viaLeft}. Right bumps {@code k} through {@code viaRight} between left's get and put. The
 * steps are ordered by latches racewatch sees, but for the last turns, forced through
 * {@link Handoff} (which racewatch cannot see).
 *
 * <p>{@code racy} or {@code clean}: the clean twin holds one lock across each get-then-put.
 */
public final class KeyLoopPaths {
    private static final int LOOPS = 50;
    private static final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private static final Object lock = new Object();
    private static boolean locked;

    public static void main(String[] args) throws InterruptedException {
        locked = args.length > 0 && args[0].equals("clean");
        Handoff shared = new Handoff(); // unseen, so that left's first access is unordered with right's: the map turns shared
        CountDownLatch leftLooped = new CountDownLatch(1);
        CountDownLatch rightWroteOnce = new CountDownLatch(1);
        CountDownLatch leftTouched = new CountDownLatch(1);
        Handoff leftRead = new Handoff();
        Handoff rightBumped = new Handoff();
        Both.run("left", () -> {
            shared.await();
            for (int i = 0; i < LOOPS; i++) {
                viaLoop("k", () -> { });
            }
            leftLooped.countDown();
            await(rightWroteOnce);
            touch("k");
            leftTouched.countDown();
            // Clean: the whole bump runs under the lock, so it cannot wait for the other thread in between.
            viaLeft("k", () -> {
                leftRead.signal();
                if (!locked) {
                    rightBumped.await();
                }
            });
        }, "right", () -> {
            counts.put("warm", 0);
            shared.signal();
            await(leftLooped);
            addZero("k");
            rightWroteOnce.countDown();
            await(leftTouched);
            leftRead.await();
            viaRight("k", () -> { });
            rightBumped.signal();
        });
        System.out.println("k=" + counts.get("k"));
    }

    private static void viaLoop(String key, Runnable between) {
        bump(key, between);
    }

    private static void viaLeft(String key, Runnable between) {
        bump(key, between);
    }

    private static void viaRight(String key, Runnable between) {
        bump(key, between);
    }

    private static void addZero(String key) {
        counts.merge(key, 0, Integer::sum);
    }

    private static void touch(String key) {
        counts.putIfAbsent(key, 0);
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
