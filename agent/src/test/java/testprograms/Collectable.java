package testprograms;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Objects the program drops must be collectable under the agent as without it, whatever probes
 * saw them (programs and libraries rely on it: Netty's {@code ObjectCleaner} runs clean-up when a
 * thread is collected, its tests wait for a thread's finalizer). Each object is used by main and
 * by a thread it starts and joins, then dropped; main collects garbage a few times and prints,
 * per object, whether its weak reference was cleared.
 */
public final class Collectable {
    private volatile Object published;

    public static void main(String[] args) throws Exception {
        Map<String, WeakReference<Object>> refs = new LinkedHashMap<>();
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        use(refs, cleared);
        List<String> alive = new ArrayList<>(refs.keySet());
        // A collection can come before racewatch's caches let go (it clears them every half
        // second): collect again for up to ten seconds, as programs that wait for a cleaner do,
        // waiting between collections for the collector to clear a reference.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            cleared.remove(100);
            alive.removeIf(name -> refs.get(name).get() == null);
        }
        for (String name : refs.keySet()) {
            System.out.println(name + " collected=" + !alive.contains(name));
        }
    }

    /** Uses each object on two threads, and leaves only weak references to them, queued when cleared. */
    private static void use(Map<String, WeakReference<Object>> refs, ReferenceQueue<Object> cleared) throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger atomic = new AtomicInteger();
        Map<String, Integer> map = new HashMap<>();
        ConcurrentHashMap<String, Integer> concurrent = new ConcurrentHashMap<>();
        Collectable holder = new Collectable();
        Object value = new Object();
        CountDownLatch latch = new CountDownLatch(1);
        Runnable work = () -> {
            synchronized (monitor) {
                map.merge("k", 1, Integer::sum);
            }
            lock.lock();
            try {
                concurrent.merge("k", 1, Integer::sum);
            } finally {
                lock.unlock();
            }
            atomic.incrementAndGet();
            holder.published = value;
            latch.countDown();
        };
        Thread thread = new Thread(work, "worker");
        thread.start();
        thread.join();
        work.run();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Runnable task = () -> atomic.incrementAndGet();
        Future<?> future = pool.submit(task);
        future.get();
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        if (holder.published != value || atomic.get() != 3 || map.get("k") != 2 || latch.getCount() != 0) {
            throw new IllegalStateException("the work did not happen");
        }
        Object[] objects = {thread, monitor, lock, atomic, map, concurrent, holder, value, latch, work, pool, task, future};
        String[] names = {"thread", "monitor", "reentrant-lock", "atomic", "hash-map", "concurrent-map",
            "volatile-holder", "published-value", "latch", "work", "pool", "task", "future"};
        for (int i = 0; i < names.length; i++) {
            refs.put(names[i], new WeakReference<>(objects[i], cleared));
        }
    }
}
