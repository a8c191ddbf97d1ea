package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A pool whose shutdown() closes its bag of entries (HikariCP's {@code HikariPool} and
 * {@code ConcurrentBag}): the bag refers back to the pool as its listener, and asked the pool to
 * evict its entries, which the pool does on its closer thread. When the bag's close() returns the
 * pool's eviction is still queued; shutdown() then waits for it. The pool is no helper of its
 * bag: its own shutdown, still running, judges its work. Clean.
 */
public final class OwnerClosesPart {
    static final ExecutorService CLOSER = Daemons.single("closer");

    interface Listener {
        void evict(String entry);
    }

    static final class Bag implements AutoCloseable {
        final Listener listener;
        final Map<String, String> entries = new HashMap<>();

        Bag(Listener listener) {
            this.listener = listener;
            entries.put("a", "connection a");
        }

        void evictAll() {
            for (String key : entries.keySet()) {
                listener.evict(key);
            }
        }

        @Override
        public void close() {
        }
    }

    static final class Pool implements Listener {
        final Bag bag = new Bag(this);
        final CountDownLatch bagClosed = new CountDownLatch(1);
        private Future<?> eviction;

        @Override
        public void evict(String entry) {
            eviction = CLOSER.submit(() -> {
                try {
                    bagClosed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return bag.entries.get(entry);
            });
        }

        void shutdown() throws Exception {
            bag.evictAll();
            bag.close();
            bagClosed.countDown();
            eviction.get();
        }
    }

    public static void main(String[] args) throws Exception {
        new Pool().shutdown();
        System.out.println(args[0] + " done");
    }
}
