package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * More variants of {@link Ordered}'s shape: get-then-put of one HashMap key by two threads,
 * ordered by exactly one mechanism, named by the first argument. These are the call forms
 * {@code Ordered} does not use: {@code execute} instead of {@code submit}, {@code get} with a
 * timeout, {@code supplyAsync}, {@code BlockingQueue.put}, CAS on an {@code AtomicInteger}, a
 * static volatile field, nested (reentrant) monitors and locks, {@code tryLock} and
 * {@code lockInterruptibly}, static synchronized methods, {@code join} with a timeout.
 *
 * <p>Each mechanism lives in a nested class: excluding {@code testprograms.OrderedMore$*} hides
 * the ordering from the agent (the read-modify-write in {@link #bump()} stays visible), and the
 * agent must then report map-rmw at {@code @read}/{@code @write}. Run normally: no finding.
 * Prints {@code <mechanism> count=<n>}.
 */
public final class OrderedMore {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    static final Map<String, Ordered.Mechanism> MECHANISMS = Map.ofEntries(
        Map.entry("executor-execute", new Execute()),
        Map.entry("submit-get-timeout", new SubmitGetTimeout()),
        Map.entry("supply-async", new SupplyAsync()),
        Map.entry("blocking-queue-put", new QueuePut()),
        Map.entry("atomic-integer-cas", new AtomicCas()),
        Map.entry("static-volatile", new StaticVolatile()),
        Map.entry("nested-synchronized", new NestedMonitor()),
        Map.entry("static-synchronized-method", new StaticMonitorMethod()),
        Map.entry("nested-reentrant-lock", new NestedLock()),
        Map.entry("try-lock", new TryLock()),
        Map.entry("lock-interruptibly", new LockInterruptibly()),
        Map.entry("join-timeout", new JoinTimeout()));

    public static void main(String[] args) throws Exception {
        MECHANISMS.get(args[0]).order(OrderedMore::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /** main bumps, then a pool thread bumps (execute -> run); main only waits for it (latch), it writes nothing after. */
    static final class Execute implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                rmw.run();
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    rmw.run();
                    done.countDown();
                });
                done.await();
            } finally {
                pool.shutdown();
            }
        }
    }

    /** main bumps, a Callable bumps (submit -> call), main bumps after get(timeout) (call end -> get). */
    static final class SubmitGetTimeout implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                Future<Integer> f = pool.submit(() -> {
                    rmw.run();
                    return 1;
                });
                f.get(30, TimeUnit.SECONDS);
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }
    }

    /** main bumps, a supplier bumps (supplyAsync -> supplier), main bumps after join (supplier end -> join). */
    static final class SupplyAsync implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                rmw.run();
                return 1;
            });
            f.join();
            rmw.run();
        }
    }

    static final class QueuePut implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Ordered.twoThreads(() -> {
                rmw.run();
                try {
                    queue.put("done");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> {
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                rmw.run();
            });
        }
    }

    /** The second thread spins until its compareAndSet(1, 2) succeeds: it then saw the first's incrementAndGet. */
    static final class AtomicCas implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            AtomicInteger stage = new AtomicInteger();
            Ordered.twoThreads(() -> {
                rmw.run();
                stage.incrementAndGet();
            }, () -> {
                while (!stage.compareAndSet(1, 2)) {
                    Thread.onSpinWait();
                }
                rmw.run();
            });
        }
    }

    static final class StaticVolatile implements Ordered.Mechanism {
        private static volatile boolean done;

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(() -> {
                rmw.run();
                done = true;
            }, () -> {
                while (!done) {
                    Thread.onSpinWait();
                }
                rmw.run();
            });
        }
    }

    /** The monitor is entered twice; the inner exit must not count as the release. */
    static final class NestedMonitor implements Ordered.Mechanism {
        private final Object lock = new Object();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                synchronized (lock) {
                    synchronized (lock) {
                        rmw.run();
                    }
                }
            };
            Ordered.twoThreads(guarded, guarded);
        }
    }

    static final class StaticMonitorMethod implements Ordered.Mechanism {
        static synchronized void guarded(Runnable rmw) {
            rmw.run();
        }

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(() -> guarded(rmw), () -> guarded(rmw));
        }
    }

    /** The lock is taken twice (hold count 2); the outer unlock is the release the other thread pairs with. */
    static final class NestedLock implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                lock.lock();
                try {
                    lock.lock();
                    try {
                        rmw.run();
                    } finally {
                        lock.unlock();
                    }
                } finally {
                    lock.unlock();
                }
            };
            Ordered.twoThreads(guarded, guarded);
        }
    }

    /** A successful timed tryLock is an acquire. */
    static final class TryLock implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                try {
                    if (!lock.tryLock(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("tryLock timed out");
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                try {
                    rmw.run();
                } finally {
                    lock.unlock();
                }
            };
            Ordered.twoThreads(guarded, guarded);
        }
    }

    static final class LockInterruptibly implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                try {
                    lock.lockInterruptibly();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                try {
                    rmw.run();
                } finally {
                    lock.unlock();
                }
            };
            Ordered.twoThreads(guarded, guarded);
        }
    }

    /** join(millis) that returns because the child ended is the same edge as join(). */
    static final class JoinTimeout implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Thread child = new Thread(rmw, "child");
            child.start();
            child.join(30_000);
            if (child.isAlive()) {
                throw new IllegalStateException("child still running");
            }
            rmw.run();
        }
    }
}
