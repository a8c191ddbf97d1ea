package testprograms;

import java.util.HashMap;
import java.util.List;
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
 * <p>As in {@link Ordered}, the second argument picks the clean program ({@code clean}: no
 * finding) or its racy twin ({@code racy}: the ordering broken, the turns taken through an
 * {@link Unseen} signal; racewatch must report map-rmw at {@code @read}/{@code @write}).
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

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        Ordered.run(MECHANISMS, args, OrderedMore::bump);
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

        /** main bumps after handing the task over: the hand-off no longer orders it. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Unseen bumped = new Unseen();
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    bumped.await();
                    rmw.run();
                    done.countDown();
                });
                rmw.run();
                bumped.signal();
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

        /** main bumps again before the get. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                Future<Integer> f = pool.submit(() -> {
                    rmw.run();
                    bumped.signal();
                    return 1;
                });
                bumped.await();
                rmw.run();
                f.get(30, TimeUnit.SECONDS);
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

        /** main bumps again before the join. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                rmw.run();
                bumped.signal();
                return 1;
            });
            bumped.await();
            rmw.run();
            f.join();
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

        /** The element is put before the bump. */
        public void race(Runnable rmw) throws Exception {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Ordered.inTurns(() -> {
                try {
                    queue.put("done");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                rmw.run();
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

        /** The increment comes before the bump. */
        public void race(Runnable rmw) throws Exception {
            AtomicInteger stage = new AtomicInteger();
            Ordered.inTurns(() -> {
                stage.incrementAndGet();
                rmw.run();
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

        /** The flag is set before the bump. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(() -> {
                done = true;
                rmw.run();
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

        /** The second thread forgot the monitor. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(() -> {
                synchronized (lock) {
                    synchronized (lock) {
                        rmw.run();
                    }
                }
            }, rmw);
        }
    }

    static final class StaticMonitorMethod implements Ordered.Mechanism {
        static synchronized void guarded(Runnable rmw) {
            rmw.run();
        }

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(() -> guarded(rmw), () -> guarded(rmw));
        }

        /** The second thread bumps without the synchronized method. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(() -> guarded(rmw), rmw);
        }
    }

    /** The lock is taken twice (hold count 2); the outer unlock is the release the other thread pairs with. */
    static final class NestedLock implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        /** The second thread forgot the lock. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(guarded(lock, rmw), rmw);
        }

        private static Runnable guarded(ReentrantLock lock, Runnable rmw) {
            return () -> {
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
        }
    }

    /** A successful timed tryLock is an acquire. */
    static final class TryLock implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        /** The second thread forgot the lock. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(guarded(lock, rmw), rmw);
        }

        private static Runnable guarded(ReentrantLock lock, Runnable rmw) {
            return () -> {
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
        }
    }

    static final class LockInterruptibly implements Ordered.Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Ordered.twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        /** The second thread forgot the lock. */
        public void race(Runnable rmw) throws Exception {
            Ordered.inTurns(guarded(lock, rmw), rmw);
        }

        private static Runnable guarded(ReentrantLock lock, Runnable rmw) {
            return () -> {
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
        }
    }

    /** join(millis) that returns because the child ended is the same edge as join(). */
    static final class JoinTimeout implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Thread child = new Thread(rmw, "child");
            child.start();
            join(child);
            rmw.run();
        }

        /** main bumps again before the timed join. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            Thread child = new Thread(() -> {
                rmw.run();
                bumped.signal();
            }, "child");
            child.start();
            bumped.await();
            rmw.run();
            join(child);
        }

        private static void join(Thread child) throws InterruptedException {
            child.join(30_000);
            if (child.isAlive()) {
                throw new IllegalStateException("child still running");
            }
        }
    }
}
