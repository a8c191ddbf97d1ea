package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hostile but legal programs: keys whose hashCode, equals and toString misbehave, null keys,
 * and a map hammered by hundreds of threads. Each prints what it computed; the agent must not
 * change it, crash, or hang.
 */
public final class Robustness {
    /** A key whose hash changes on every call, whose equals is always false, and whose toString throws. */
    static final class BrokenKey {
        @Override
        public int hashCode() {
            return ThreadLocalRandom.current().nextInt();
        }

        @Override
        public boolean equals(Object other) {
            return false;
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString is broken");
        }
    }

    /** A key whose hashCode throws. */
    static final class ThrowingKey {
        @Override
        public int hashCode() {
            throw new UnsupportedOperationException("hashCode is broken");
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "broken-keys" -> brokenKeys();
            case "null-keys" -> nullKeys();
            case "many-threads" -> manyThreads();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void brokenKeys() throws InterruptedException {
        Map<Object, Integer> map = new ConcurrentHashMap<>();
        Runnable use = () -> {
            for (int i = 0; i < 200; i++) {
                BrokenKey key = new BrokenKey();
                map.put(key, i);
                map.get(key);
            }
        };
        Both.run("a", use, "b", use);
        Map<Object, Integer> plain = new HashMap<>();
        try {
            plain.put(new ThrowingKey(), 1);
        } catch (UnsupportedOperationException expected) {
            System.out.println("the map's own exception reached the program");
        }
        System.out.println("broken-keys size=" + map.size());
    }

    private static void nullKeys() throws InterruptedException {
        Map<String, Integer> map = new HashMap<>();
        Object lock = new Object();
        Runnable use = () -> {
            for (int i = 0; i < 100; i++) {
                synchronized (lock) {
                    Integer v = map.get(null);
                    map.put(null, v == null ? 1 : v + 1);
                }
            }
        };
        Both.run("a", use, "b", use);
        System.out.println("null-keys value=" + map.get(null));
    }

    private static void manyThreads() throws InterruptedException {
        Map<String, Integer> map = new ConcurrentHashMap<>();
        int threads = 200;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            all[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    map.merge("k" + (i % 10), 1, Integer::sum);
                }
            }, "t" + t);
            all[t].start();
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        System.out.println("many-threads total=" + map.values().stream().mapToInt(Integer::intValue).sum());
    }
}
