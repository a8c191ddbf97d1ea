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
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Get-then-put of one HashMap key by two threads, ordered by exactly one synchronization
 * mechanism, named by the first argument. Every mechanism lives in a nested class of its own:
 * excluding {@code testprograms.Ordered$*} hides the ordering from the agent, which must then
 * report the race. Run normally, it must report nothing.
 */
public final class Ordered {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    interface Mechanism {
        void order(Runnable rmw) throws Exception;
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

    public static void main(String[] args) throws Exception {
        MECHANISMS.get(args[0]).order(Ordered::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /** Two threads run {@code body} each; only {@code body} orders them. */
    static void twoThreads(Runnable first, Runnable second) throws InterruptedException {
        Both.run("first", first, "second", second);
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
    }

    static final class MonitorMethod implements Mechanism {
        synchronized void guarded(Runnable rmw) {
            rmw.run();
        }

        public void order(Runnable rmw) throws Exception {
            twoThreads(() -> guarded(rmw), () -> guarded(rmw));
        }
    }

    static final class Lock implements Mechanism {
        private final ReentrantLock lock = new ReentrantLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                lock.lock();
                try {
                    rmw.run();
                } finally {
                    lock.unlock();
                }
            };
            twoThreads(guarded, guarded);
        }
    }

    static final class ReadWriteLock implements Mechanism {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                lock.writeLock().lock();
                try {
                    rmw.run();
                } finally {
                    lock.writeLock().unlock();
                }
            };
            twoThreads(guarded, guarded);
        }
    }

    static final class Stamped implements Mechanism {
        private final StampedLock lock = new StampedLock();

        public void order(Runnable rmw) throws Exception {
            Runnable guarded = () -> {
                long stamp = lock.writeLock();
                try {
                    rmw.run();
                } finally {
                    lock.unlockWrite(stamp);
                }
            };
            twoThreads(guarded, guarded);
        }
    }

    /** The second thread waits inside the monitor first; the first enters, bumps and notifies. */
    static final class WaitNotify implements Mechanism {
        private final Object monitor = new Object();
        private boolean ready;

        public void order(Runnable rmw) throws Exception {
            Thread waiter = new Thread(() -> {
                synchronized (monitor) {
                    while (!ready) {
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                rmw.run();
            }, "second");
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            synchronized (monitor) {
                rmw.run();
                ready = true;
                monitor.notifyAll();
            }
            waiter.join();
        }
    }

    static final class ConditionSignal implements Mechanism {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readyCondition = lock.newCondition();
        private boolean ready;

        public void order(Runnable rmw) throws Exception {
            Thread waiter = new Thread(() -> {
                lock.lock();
                try {
                    while (!ready) {
                        readyCondition.awaitUninterruptibly();
                    }
                } finally {
                    lock.unlock();
                }
                rmw.run();
            }, "second");
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
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
    }

    static final class StartJoin implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Thread child = new Thread(rmw, "child");
            child.start();
            child.join();
            rmw.run();
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
    }

    static final class Latch implements Mechanism {
        public void order(Runnable rmw) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            twoThreads(() -> {
                rmw.run();
                done.countDown();
            }, () -> {
                try {
                    done.await();
                } catch (InterruptedException e) {
                    return;
                }
                rmw.run();
            });
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
                try {
                    queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                rmw.run();
            });
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
    }
}
