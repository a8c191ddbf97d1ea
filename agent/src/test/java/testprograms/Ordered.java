package testprograms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Get-then-put of one HashMap key by two threads, ordered by exactly one synchronization
 * mechanism, named by the first argument. The second argument picks the twin: {@code clean}
 * orders the two updates by the mechanism (racewatch must report nothing), {@code racy} is the
 * same program with the mechanism's ordering broken (a thread that forgot the lock, or the signal
 * given before the write), the threads taking turns through an {@link Unseen} signal so that
 * the updates still run one after the other: racewatch must report the race at {@code @read}
 * and {@code @write}. Prints {@code <mechanism> count=<n>}.
 */
public final class Ordered {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    /** One synchronization mechanism, as a clean program and its racy twin. */
    interface Mechanism {
        /** Runs {@code rmw} in two threads (or twice around a hand-off), ordered by the mechanism. */
        void order(Runnable rmw) throws Exception;

        /** The same runs with the mechanism's ordering broken; only an {@link Unseen} signal makes them take turns. */
        void race(Runnable rmw) throws Exception;
    }

    /** A mechanism whose clean program and racy twin differ only in where one side bumps. */
    interface Twinned extends Mechanism {
        /** The clean program ({@code racy} false) or its racy twin. */
        void run(Runnable rmw, boolean racy) throws Exception;

        default void order(Runnable rmw) throws Exception {
            run(rmw, false);
        }

        default void race(Runnable rmw) throws Exception {
            run(rmw, true);
        }
    }

    static final Map<String, Mechanism> MECHANISMS = Map.ofEntries(
        Map.entry("synchronized", new Monitor()),
        Map.entry("synchronized-method", new MonitorMethod()),
        Map.entry("reentrant-lock", new Lock()),
        Map.entry("read-write-lock", new ReadWriteLock()),
        Map.entry("stamped-lock", new Stamped()),
        Map.entry("wait-notify", new WaitNotify()),
        Map.entry("condition", new ConditionSignal()),
        Map.entry("start-join", new StartJoin()),
        Map.entry("start-method-reference", new StartByReference()),
        Map.entry("executor-future", new ExecutorFuture()),
        Map.entry("invoke-all", new InvokeAll()),
        Map.entry("completable-future", new Completable()),
        Map.entry("count-down-latch", new Latch()),
        Map.entry("cyclic-barrier", new Barrier()),
        Map.entry("semaphore", new Permit()),
        Map.entry("phaser", new PhaserArrival()),
        Map.entry("exchanger", new Exchange()),
        Map.entry("blocking-queue", new Queue()),
        Map.entry("atomic", new Atomic()),
        Map.entry("volatile", new Volatile()));

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        run(MECHANISMS, args, Ordered::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /** Runs the mechanism {@code args[0]}, clean or racy as {@code args[1]} says. */
    static void run(Map<String, ? extends Mechanism> mechanisms, String[] args, Runnable rmw) throws Exception {
        Mechanism m = mechanisms.get(args[0]);
        if (m == null || args.length < 2 || !(args[1].equals("clean") || args[1].equals("racy"))) {
            throw new IllegalArgumentException("usage: <" + String.join("|", new java.util.TreeSet<>(mechanisms.keySet()))
                + "> clean|racy");
        }
        if (args[1].equals("clean")) {
            m.order(rmw);
        } else {
            m.race(rmw);
        }
    }

    /** Two threads run {@code body} each; only {@code body} orders them. */
    static void twoThreads(Runnable first, Runnable second) throws InterruptedException {
        Both.run("first", first, "second", second);
    }

    /**
     * Two threads, the second starting {@code second} once {@code first} has ended, through a
     * signal racewatch cannot see: whatever the two bodies do is all racewatch can go by.
     */
    static void inTurns(Runnable first, Runnable second) throws InterruptedException {
        Unseen firstDone = new Unseen();
        twoThreads(() -> {
            first.run();
            firstDone.signal();
        }, () -> {
            firstDone.await();
            second.run();
        });
    }

    static final class Monitor implements Mechanism {
        private final Object lock = new Object();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                synchronized (lock) {
                    rmw.run();
                }
            };
            twoThreads(guarded, guarded);
        }

        /** The second thread forgot the monitor. */
        public void race(Runnable rmw) throws Exception {
            inTurns(() -> {
                synchronized (lock) {
                    rmw.run();
                }
            }, rmw);
        }
    }

    static final class MonitorMethod implements Mechanism {
        synchronized void guarded(Runnable rmw) {
            rmw.run();
        }

        public void order(Runnable rmw) throws Exception {
            twoThreads(() -> guarded(rmw), () -> guarded(rmw));
        }

        /** The second thread bumps without the synchronized method. */
        public void race(Runnable rmw) throws Exception {
            inTurns(() -> guarded(rmw), rmw);
        }
    }

    static final class Lock implements Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        public void race(Runnable rmw) throws Exception {
            inTurns(guarded(lock, rmw), rmw); // the second thread forgot the lock
        }

        private static Runnable guarded(ReentrantLock lock, Runnable rmw) {
            return () -> {
                lock.lock();
                try {
                    rmw.run();
                } finally {
                    lock.unlock();
                }
            };
        }
    }

    static final class ReadWriteLock implements Mechanism {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

        public void order(Runnable rmw) throws Exception {
            twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        public void race(Runnable rmw) throws Exception {
            inTurns(guarded(lock, rmw), rmw); // the second thread forgot the lock
        }

        private static Runnable guarded(ReentrantReadWriteLock lock, Runnable rmw) {
            return () -> {
                lock.writeLock().lock();
                try {
                    rmw.run();
                } finally {
                    lock.writeLock().unlock();
                }
            };
        }
    }

    static final class Stamped implements Mechanism {
        private final StampedLock lock = new StampedLock();

        public void order(Runnable rmw) throws Exception {
            twoThreads(guarded(lock, rmw), guarded(lock, rmw));
        }

        public void race(Runnable rmw) throws Exception {
            inTurns(guarded(lock, rmw), rmw); // the second thread forgot the lock
        }

        private static Runnable guarded(StampedLock lock, Runnable rmw) {
            return () -> {
                long stamp = lock.writeLock();
                try {
                    rmw.run();
                } finally {
                    lock.unlockWrite(stamp);
                }
            };
        }
    }

    /** The second thread waits inside the monitor first; the first enters, bumps and notifies. */
    static final class WaitNotify implements Mechanism {
        private final Object monitor = new Object();
        private boolean ready;

        public void order(Runnable rmw) throws Exception {
            Thread waiter = new Thread(() -> {
                awaitReady();
                rmw.run();
            }, "second");
            waiter.start();
            awaitWaiting(waiter);
            synchronized (monitor) {
                rmw.run();
                ready = true;
                monitor.notifyAll();
            }
            waiter.join();
        }

        /** The notification comes before the bump, outside the monitor. */
        public void race(Runnable rmw) throws Exception {
            Unseen bumped = new Unseen();
            Thread waiter = new Thread(() -> {
                awaitReady();
                bumped.await();
                rmw.run();
            }, "second");
            waiter.start();
            awaitWaiting(waiter);
            synchronized (monitor) {
                ready = true;
                monitor.notifyAll();
            }
            rmw.run();
            bumped.signal();
            waiter.join();
        }

        private void awaitReady() {
            synchronized (monitor) {
                while (!ready) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** Spins until {@code t} waits: it then holds no monitor and the notification cannot be missed. */
    static void awaitWaiting(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }

    static final class ConditionSignal implements Mechanism {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readyCondition = lock.newCondition();
        private boolean ready;

        public void order(Runnable rmw) throws Exception {
            Thread waiter = new Thread(() -> {
                awaitReady();
                rmw.run();
            }, "second");
            waiter.start();
            awaitWaiting(waiter);
            lock.lock();
            try {
                rmw.run();
                ready = true;
                readyCondition.signalAll();
            } finally {
                lock.unlock();
            }
            waiter.join();
        }

        /** The signal comes before the bump, outside the lock. */
        public void race(Runnable rmw) throws Exception {
            Unseen bumped = new Unseen();
            Thread waiter = new Thread(() -> {
                awaitReady();
                bumped.await();
                rmw.run();
            }, "second");
            waiter.start();
            awaitWaiting(waiter);
            lock.lock();
            try {
                ready = true;
                readyCondition.signalAll();
            } finally {
                lock.unlock();
            }
            rmw.run();
            bumped.signal();
            waiter.join();
        }

        private void awaitReady() {
            lock.lock();
            try {
                while (!ready) {
                    readyCondition.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    static final class StartJoin implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Thread child = new Thread(rmw, "child");
            child.start();
            child.join();
            rmw.run();
        }

        /** main bumps again before it joins the child. */
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
            child.join();
        }
    }

    /** Threads started through a method reference: no call site, only a lambda's handle. */
    static final class StartByReference implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            List<Thread> children = List.of(new Thread(rmw, "child"));
            children.forEach(Thread::start);
            for (Thread child : children) {
                child.join();
            }
            rmw.run();
        }

        /** The start is still by reference; main bumps again before it joins. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            List<Thread> children = List.of(new Thread(() -> {
                rmw.run();
                bumped.signal();
            }, "child"));
            children.forEach(Thread::start);
            bumped.await();
            rmw.run();
            for (Thread child : children) {
                child.join();
            }
        }
    }

    static final class ExecutorFuture implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(1);
            try {
                rmw.run();
                pool.submit(rmw).get();
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** main bumps again before it gets the task's result. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(1);
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                Future<?> f = pool.submit(() -> {
                    rmw.run();
                    bumped.signal();
                });
                bumped.await();
                rmw.run();
                f.get();
            } finally {
                pool.shutdown();
            }
        }
    }

    static final class InvokeAll implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                Callable<Object> task = () -> {
                    rmw.run();
                    return null;
                };
                pool.invokeAll(List.of(task)).get(0).get();
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** The task is submitted on its own, and main bumps before anything waits for it. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                Callable<Object> task = () -> {
                    rmw.run();
                    bumped.signal();
                    return null;
                };
                Future<Object> f = pool.submit(task);
                bumped.await();
                rmw.run();
                f.get();
            } finally {
                pool.shutdown();
            }
        }
    }

    static final class Completable implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            CompletableFuture.runAsync(rmw)
                .thenApplyAsync(ignored -> {
                    rmw.run();
                    return 1;
                })
                .join();
            rmw.run();
        }

        /** main bumps again before it joins the last stage. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            CompletableFuture<Integer> last = CompletableFuture.runAsync(rmw)
                .thenApplyAsync(ignored -> {
                    rmw.run();
                    bumped.signal();
                    return 1;
                });
            bumped.await();
            rmw.run();
            last.join();
        }
    }

    static final class Latch implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            twoThreads(() -> {
                rmw.run();
                done.countDown();
            }, () -> {
                await(done);
                rmw.run();
            });
        }

        /** The count goes down before the bump. */
        public void race(Runnable rmw) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            inTurns(() -> {
                done.countDown();
                rmw.run();
            }, () -> {
                await(done);
                rmw.run();
            });
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Barrier implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            CyclicBarrier barrier = new CyclicBarrier(2);
            twoThreads(() -> {
                rmw.run();
                await(barrier);
            }, () -> {
                await(barrier);
                rmw.run();
            });
        }

        /** Both pass the barrier before either bumps. */
        public void race(Runnable rmw) throws Exception {
            CyclicBarrier barrier = new CyclicBarrier(2);
            Unseen bumped = new Unseen();
            twoThreads(() -> {
                await(barrier);
                rmw.run();
                bumped.signal();
            }, () -> {
                await(barrier);
                bumped.await();
                rmw.run();
            });
        }

        private static void await(CyclicBarrier barrier) {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Permit implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            Semaphore permit = new Semaphore(0);
            twoThreads(() -> {
                rmw.run();
                permit.release();
            }, () -> {
                permit.acquireUninterruptibly();
                rmw.run();
            });
        }

        /** The permit is released before the bump. */
        public void race(Runnable rmw) throws Exception {
            Semaphore permit = new Semaphore(0);
            inTurns(() -> {
                permit.release();
                rmw.run();
            }, () -> {
                permit.acquireUninterruptibly();
                rmw.run();
            });
        }
    }

    static final class PhaserArrival implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            Phaser phaser = new Phaser(2);
            twoThreads(() -> {
                rmw.run();
                phaser.arriveAndAwaitAdvance();
            }, () -> {
                phaser.arriveAndAwaitAdvance();
                rmw.run();
            });
        }

        /** Both advance before either bumps. */
        public void race(Runnable rmw) throws Exception {
            Phaser phaser = new Phaser(2);
            Unseen bumped = new Unseen();
            twoThreads(() -> {
                phaser.arriveAndAwaitAdvance();
                rmw.run();
                bumped.signal();
            }, () -> {
                phaser.arriveAndAwaitAdvance();
                bumped.await();
                rmw.run();
            });
        }
    }

    static final class Exchange implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            Exchanger<String> exchanger = new Exchanger<>();
            twoThreads(() -> {
                rmw.run();
                swap(exchanger);
            }, () -> {
                swap(exchanger);
                rmw.run();
            });
        }

        /** The exchange happens before either bumps. */
        public void race(Runnable rmw) throws Exception {
            Exchanger<String> exchanger = new Exchanger<>();
            Unseen bumped = new Unseen();
            twoThreads(() -> {
                swap(exchanger);
                rmw.run();
                bumped.signal();
            }, () -> {
                swap(exchanger);
                bumped.await();
                rmw.run();
            });
        }

        private static void swap(Exchanger<String> exchanger) {
            try {
                exchanger.exchange("token");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Queue implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
            twoThreads(() -> {
                rmw.run();
                queue.add("done");
            }, () -> {
                take(queue);
                rmw.run();
            });
        }

        /** The element is queued before the bump. */
        public void race(Runnable rmw) throws Exception {
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
            inTurns(() -> {
                queue.add("done");
                rmw.run();
            }, () -> {
                take(queue);
                rmw.run();
            });
        }

        private static void take(BlockingQueue<String> queue) {
            try {
                queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final class Atomic implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            AtomicBoolean done = new AtomicBoolean();
            twoThreads(() -> {
                rmw.run();
                done.set(true);
            }, () -> {
                while (!done.get()) {
                    Thread.onSpinWait();
                }
                rmw.run();
            });
        }

        /** The flag is set before the bump. */
        public void race(Runnable rmw) throws Exception {
            AtomicBoolean done = new AtomicBoolean();
            inTurns(() -> {
                done.set(true);
                rmw.run();
            }, () -> {
                while (!done.get()) {
                    Thread.onSpinWait();
                }
                rmw.run();
            });
        }
    }

    static final class Volatile implements Mechanism {
        private volatile boolean done;

        public void order(Runnable rmw) throws Exception {
            twoThreads(() -> {
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
            inTurns(() -> {
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
}
