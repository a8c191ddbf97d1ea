package testprograms;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A check-then-create written with method references: a helper {@code getOrCreate} takes the
 * map's get and put as functions ({@code cache::get}, {@code cache::put}), so that the map calls
 * are invokedynamic handles, not call sites. Worker A creates the entry; worker B (through a
 * hand-off racewatch cannot see) makes the same check and finds it. Args: {@code racy}, or
 * {@code clean}, where each getOrCreate runs between {@code lock::lock} and {@code lock::unlock},
 * also method references. Prints {@code <twin> created=<n>}.
 */
public final class MethodRefs {
    private static final ConcurrentHashMap<String, Integer> cache = new ConcurrentHashMap<>();
    private static final ReentrantLock lock = new ReentrantLock();
    private static int created;

    public static void main(String[] args) throws InterruptedException {
        boolean clean = args[0].equals("clean");
        Function<String, Integer> get = cache::get; // @ref-get
        BiFunction<String, Integer, Integer> put = cache::put; // @ref-put
        Runnable lockIt = lock::lock; // @ref-lock
        Runnable unlockIt = lock::unlock; // @ref-unlock
        Handoff aDone = new Handoff();
        Runnable work = () -> {
            if (clean) {
                lockIt.run();
            }
            try {
                getOrCreate(get, put, "config");
            } finally {
                if (clean) {
                    unlockIt.run();
                }
            }
        };
        Both.run("worker-a", () -> {
            work.run();
            aDone.signal();
        }, "worker-b", () -> {
            aDone.await();
            work.run();
        });
        System.out.println(args[0] + " created=" + created);
    }

    private static Integer getOrCreate(Function<String, Integer> get, BiFunction<String, Integer, Integer> put, String key) {
        Integer v = get.apply(key);
        if (v == null) {
            created++;
            v = 1;
            put.apply(key, v);
        }
        return v;
    }
}
