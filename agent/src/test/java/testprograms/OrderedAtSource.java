package testprograms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Hand-offs that real code makes through JDK utilities, where the ordering happens inside the
 * JDK rather than at a call the application makes itself: termination, invokeAll, completion
 * services, CompletableFuture combinators, fork/join, parallel streams, Timer, cached and
 * scheduled pools, a SubmissionPublisher's subscriber, a thread's interrupt, the JDK's synchronized lists, sets and vectors,
 * a ConcurrentHashMap's traversals. Same shape as {@link Ordered}: get-then-put of one HashMap key, ordered by
 * the mechanism named by the first argument; {@code clean} or {@code racy} as the second.
 * Every clean program makes the threads really differ (an {@link Unseen} turn keeps the waiting
 * side from running the work itself), so that only the mechanism's edge can make it silent.
 * Prints {@code <mechanism> count=<n>}.
 */
public final class OrderedAtSource {
    private static final Map<String, Integer> counts = new HashMap<>();

    /** The read-modify-write both threads make. */
    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    static final Map<String, Ordered.Mechanism> MECHANISMS = Map.ofEntries(
        Map.entry("shutdown-await-termination", new AwaitTermination()),
        Map.entry("invoke-all-returned", new InvokeAllReturned()),
        Map.entry("completion-service", new Completion()),
        Map.entry("all-of", new AllOf()),
        Map.entry("any-of", new AnyOf()),
        Map.entry("async-chain", new AsyncChain()),
        Map.entry("fork-join", new ForkJoin()),
        Map.entry("recursive-task-invoke", new PoolInvoke()),
        Map.entry("common-pool-quiescence", new Quiescence()),
        Map.entry("parallel-stream", new ParallelStream()),
        Map.entry("timer", new TimerSchedule()),
        Map.entry("cached-thread-pool", new CachedPool()),
        Map.entry("scheduled-get", new ScheduledGet()),
        Map.entry("future-completer-moved-on", new FutureCompleterMovedOn(false)),
        Map.entry("future-completer-ended", new FutureCompleterMovedOn(true)),
        Map.entry("submission-publisher", new Publisher()),
        Map.entry("cleaner", new CleanerAction()),
        Map.entry("thread-interrupted", interrupt(() -> {
            while (!Thread.interrupted()) {
                Thread.onSpinWait();
            }
        })),
        Map.entry("thread-is-interrupted", interrupt(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            Thread.interrupted(); // clears it, for the racy twin's Unseen (a pipe read closes on an interrupt)
        })),
        Map.entry("interrupted-sleep", interrupt(() -> {
            try {
                // The sleep is the mechanism under test (the JVM's InterruptedException), not a wait for the other
                // thread: it ends only by the interrupt, whenever that comes (at once if it came before).
                Thread.sleep(Long.MAX_VALUE);
                throw new IllegalStateException("slept through");
            } catch (InterruptedException expected) {
                // the interrupt is seen
            }
        })),
        Map.entry("interrupted-wait", interrupt(() -> {
            Object lock = new Object();
            try {
                synchronized (lock) {
                    while (true) {
                        lock.wait();
                    }
                }
            } catch (InterruptedException expected) {
                // the interrupt is seen
            }
        })),
        Map.entry("concurrent-hash-map-values", iterated(m -> {
            for (String v : m.values()) {
                return true;
            }
            return false;
        })),
        Map.entry("concurrent-hash-map-entries", iterated(m -> {
            for (Map.Entry<String, String> e : m.entrySet()) {
                return e.getValue() != null;
            }
            return false;
        })),
        Map.entry("concurrent-hash-map-for-each", iterated(m -> {
            boolean[] found = new boolean[1];
            m.forEach((k, v) -> found[0] = true);
            return found[0];
        })),
        Map.entry("concurrent-hash-map-for-each-put-meanwhile", new PutDuringForEach(java.util.concurrent.ConcurrentHashMap::forEach)),
        Map.entry("concurrent-hash-map-entries-for-each-put-meanwhile", new PutDuringForEach((m, f) ->
            m.entrySet().forEach(e -> f.accept(e.getKey(), e.getValue())))),
        Map.entry("concurrent-hash-map-stream", iterated(m -> m.values().stream().anyMatch("yes"::equals))),
        Map.entry("synchronized-list", synchronizedCollection(() -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))),
        Map.entry("synchronized-set", synchronizedCollection(() -> java.util.Collections.synchronizedSet(new java.util.HashSet<>()))),
        Map.entry("vector", synchronizedCollection(java.util.Vector::new)),
        Map.entry("synchronized-map-iterated-under-its-lock", iteratedUnderLock(() -> java.util.Collections.synchronizedMap(new HashMap<>()))),
        Map.entry("hashtable-iterated-under-its-lock", iteratedUnderLock(java.util.Hashtable::new)),
        Map.entry("stack", OrderedInLibrary.handoff(() -> {
            java.util.Stack<String> s = new java.util.Stack<>();
            return new OrderedInLibrary.Signal(() -> s.push("done"), () -> {
                while (s.empty()) {
                    Thread.onSpinWait();
                }
            });
        })),
        Map.entry("copy-on-write-list", collection(java.util.concurrent.CopyOnWriteArrayList::new)),
        Map.entry("copy-on-write-set", collection(java.util.concurrent.CopyOnWriteArraySet::new)),
        Map.entry("concurrent-skip-list-set", collection(java.util.concurrent.ConcurrentSkipListSet::new)),
        Map.entry("concurrent-skip-list-map", OrderedInLibrary.handoff(() -> {
            java.util.concurrent.ConcurrentSkipListMap<String, String> m = new java.util.concurrent.ConcurrentSkipListMap<>();
            return new OrderedInLibrary.Signal(() -> m.put("done", "yes"), () -> {
                while (m.get("done") == null) {
                    Thread.onSpinWait();
                }
            });
        })));

    /**
     * main bumps and then interrupts a thread that bumps once it has seen the interrupt ({@code seen}
     * returns with the thread's interrupt status clear). The racy twin interrupts first and bumps after.
     */
    private static Ordered.Mechanism interrupt(Runnable seen) {
        return (Ordered.Twinned) (rmw, interruptFirst) -> {
            Unseen mainBumped = new Unseen();
            Unseen workerBumped = new Unseen();
            Thread worker = new Thread(() -> {
                seen.run();
                if (interruptFirst) {
                    mainBumped.await();
                }
                rmw.run();
                workerBumped.signal();
            }, "interrupted");
            worker.start();
            if (interruptFirst) {
                worker.interrupt();
                rmw.run();
                mainBumped.signal();
            } else {
                rmw.run();
                worker.interrupt();
            }
            workerBumped.await();
        };
    }

    /** One element added by the first thread, looked for by iteration until there by the second. */
    private static Ordered.Mechanism collection(java.util.function.Supplier<java.util.Collection<String>> make) {
        return OrderedInLibrary.handoff(() -> {
            java.util.Collection<String> c = make.get();
            return new OrderedInLibrary.Signal(() -> c.add("done"), () -> {
                boolean found = false;
                while (!found) {
                    for (String e : c) {
                        found |= e.equals("done");
                    }
                    Thread.onSpinWait();
                }
            });
        });
    }

    /**
     * One element added by the first thread, looked for with {@code contains} until there by the
     * second: a collection whose methods synchronize inside the JDK.
     */
    private static Ordered.Mechanism synchronizedCollection(java.util.function.Supplier<java.util.Collection<String>> make) {
        return OrderedInLibrary.handoff(() -> {
            java.util.Collection<String> c = make.get();
            return new OrderedInLibrary.Signal(() -> c.add("done"), () -> {
                while (!c.contains("done")) {
                    Thread.onSpinWait();
                }
            });
        });
    }

    /**
     * One entry put by the first thread into a map that synchronizes inside the JDK, found by the
     * second iterating its values under the map's own lock, as the map's documentation asks.
     */
    private static Ordered.Mechanism iteratedUnderLock(java.util.function.Supplier<Map<String, String>> make) {
        return OrderedInLibrary.handoff(() -> {
            Map<String, String> m = make.get();
            return new OrderedInLibrary.Signal(() -> m.put("done", "yes"), () -> {
                boolean found = false;
                while (!found) {
                    synchronized (m) {
                        for (String v : m.values()) {
                            found |= v.equals("yes");
                        }
                    }
                    Thread.onSpinWait();
                }
            });
        });
    }

    /** One entry put by the first thread into a ConcurrentHashMap, found by traversing the map by the second. */
    private static Ordered.Mechanism iterated(java.util.function.Predicate<java.util.concurrent.ConcurrentHashMap<String, String>> found) {
        return OrderedInLibrary.handoff(() -> {
            java.util.concurrent.ConcurrentHashMap<String, String> m = new java.util.concurrent.ConcurrentHashMap<>();
            return new OrderedInLibrary.Signal(() -> m.put("done", "yes"), () -> {
                while (!found.test(m)) {
                    Thread.onSpinWait();
                }
            });
        });
    }

    /** The mechanisms' names, sorted: what the tests run. */
    public static List<String> mechanisms() {
        return MECHANISMS.keySet().stream().sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        Ordered.run(MECHANISMS, args, OrderedAtSource::bump);
        System.out.println(args[0] + " count=" + counts.get("k"));
    }

    /** A task that bumps, then says so through a signal racewatch cannot see. */
    static Runnable bumpThenSignal(Runnable rmw, Unseen bumped) {
        return () -> {
            rmw.run();
            bumped.signal();
        };
    }

    /** main bumps, a pool thread bumps, main bumps once termination was awaited. */
    static final class AwaitTermination implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            rmw.run();
            Unseen bumped = new Unseen();
            pool.execute(bumpThenSignal(rmw, bumped));
            bumped.await();
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pool did not terminate");
            }
            rmw.run();
        }

        /** main bumps before it shuts the pool down. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            rmw.run();
            Unseen bumped = new Unseen();
            pool.execute(bumpThenSignal(rmw, bumped));
            bumped.await();
            rmw.run();
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** invokeAll returns once every task is done: main bumps after it without looking at the futures. */
    static final class InvokeAllReturned implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                pool.invokeAll(List.of(Executors.callable(rmw)));
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** The tasks are invoked from another thread; main bumps before that thread has returned. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                Thread invoker = new Thread(() -> {
                    try {
                        pool.invokeAll(List.of(Executors.callable(bumpThenSignal(rmw, bumped))));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, "invoker");
                invoker.start();
                bumped.await();
                rmw.run();
                invoker.join();
            } finally {
                pool.shutdown();
            }
        }
    }

    /** submit to an ExecutorCompletionService, then take().get(). */
    static final class Completion implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CompletionService<Object> service = new ExecutorCompletionService<>(pool);
                rmw.run();
                service.submit(Executors.callable(rmw));
                service.take().get();
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** main bumps before it takes the completed task. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CompletionService<Object> service = new ExecutorCompletionService<>(pool);
                rmw.run();
                Unseen bumped = new Unseen();
                service.submit(Executors.callable(bumpThenSignal(rmw, bumped)));
                bumped.await();
                rmw.run();
                service.take().get();
            } finally {
                pool.shutdown();
            }
        }
    }

    /** CompletableFuture.allOf(...).join(): the join waits for every stage. */
    static final class AllOf implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            CompletableFuture<Void> bumping = CompletableFuture.runAsync(rmw);
            CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> { });
            CompletableFuture.allOf(bumping, idle).join();
            rmw.run();
        }

        /** main bumps before the join. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            CompletableFuture<Void> bumping = CompletableFuture.runAsync(bumpThenSignal(rmw, bumped));
            CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> { });
            bumped.await();
            rmw.run();
            CompletableFuture.allOf(bumping, idle).join();
        }
    }

    /** CompletableFuture.anyOf(...).join(): only the bumping stage ever completes. */
    static final class AnyOf implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            CompletableFuture<Void> bumping = CompletableFuture.runAsync(rmw);
            CompletableFuture.anyOf(bumping, new CompletableFuture<Void>()).join();
            rmw.run();
        }

        /** main bumps before the join. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            CompletableFuture<Void> bumping = CompletableFuture.runAsync(bumpThenSignal(rmw, bumped));
            bumped.await();
            rmw.run();
            CompletableFuture.anyOf(bumping, new CompletableFuture<Void>()).join();
        }
    }

    /**
     * supplyAsync, thenApply, thenCombine with another supplyAsync, join: every stage bumps in
     * turn. The first stage starts once the chain is built, so that no stage runs in main.
     */
    static final class AsyncChain implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Unseen built = new Unseen();
            CompletableFuture<Integer> last = chain(rmw, built, () -> { });
            built.signal();
            last.join();
            rmw.run();
        }

        /** main bumps before the join. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen built = new Unseen();
            Unseen bumped = new Unseen();
            CompletableFuture<Integer> last = chain(rmw, built, bumped::signal);
            built.signal();
            bumped.await();
            rmw.run();
            last.join();
        }

        private static CompletableFuture<Integer> chain(Runnable rmw, Unseen built, Runnable atEnd) {
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> 2);
            return CompletableFuture.supplyAsync(() -> {
                built.await();
                rmw.run();
                return 1;
            }).thenApply(x -> {
                rmw.run();
                return x + 1;
            }).thenCombine(other, (x, y) -> {
                rmw.run();
                atEnd.run();
                return x + y;
            });
        }
    }

    /** Inside a pool: bump, fork a subtask that bumps, join it, bump. */
    static final class ForkJoin implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            run(rmw, true);
        }

        /** The forking task bumps again before it joins. */
        public void race(Runnable rmw) throws Exception {
            run(rmw, false);
        }

        private static void run(Runnable rmw, boolean joinFirst) {
            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                pool.invoke(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        rmw.run();
                        Unseen bumped = new Unseen();
                        Thread forker = Thread.currentThread();
                        RecursiveAction sub = new RecursiveAction() {
                            @Override
                            protected void compute() {
                                if (Thread.currentThread() == forker) {
                                    throw new IllegalStateException("the subtask ran in its forker: nothing to order");
                                }
                                rmw.run();
                                bumped.signal();
                            }
                        };
                        sub.fork();
                        // The forker waits where it cannot run the subtask itself: another worker steals it.
                        bumped.await();
                        if (joinFirst) {
                            sub.join();
                            rmw.run();
                        } else {
                            rmw.run();
                            sub.join();
                        }
                    }
                });
            } finally {
                pool.shutdown();
            }
        }
    }

    /** ForkJoinPool.invoke of a RecursiveTask: main bumps, the task bumps in a worker, main bumps after. */
    static final class PoolInvoke implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                rmw.run();
                pool.invoke(task(rmw, Thread.currentThread(), () -> { }));
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** The task is executed, not invoked: main bumps while nothing waits for it. */
        public void race(Runnable rmw) throws Exception {
            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                RecursiveTask<Integer> task = task(rmw, Thread.currentThread(), bumped::signal);
                pool.execute(task);
                bumped.await();
                rmw.run();
                task.join();
            } finally {
                pool.shutdown();
            }
        }

        private static RecursiveTask<Integer> task(Runnable rmw, Thread caller, Runnable atEnd) {
            return new RecursiveTask<>() {
                @Override
                protected Integer compute() {
                    if (Thread.currentThread() == caller) {
                        throw new IllegalStateException("the task ran in its caller: nothing to order");
                    }
                    rmw.run();
                    atEnd.run();
                    return 1;
                }
            };
        }
    }

    /** A task executed in the common pool, then ForkJoinPool.commonPool().awaitQuiescence. */
    static final class Quiescence implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            ForkJoinPool.commonPool().execute(bumpThenSignal(rmw, bumped));
            bumped.await(); // the worker has run it: main cannot run it itself while awaiting quiescence
            if (!ForkJoinPool.commonPool().awaitQuiescence(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("common pool not quiescent");
            }
            rmw.run();
        }

        /** main bumps without awaiting quiescence. */
        public void race(Runnable rmw) throws Exception {
            rmw.run();
            Unseen bumped = new Unseen();
            ForkJoinPool.commonPool().execute(bumpThenSignal(rmw, bumped));
            bumped.await();
            rmw.run();
            ForkJoinPool.commonPool().awaitQuiescence(30, TimeUnit.SECONDS);
        }
    }

    /**
     * IntStream.range(0, 2).parallel().forEach: a common-pool worker bumps for its element
     * (main waits in its own element until it has), and main bumps after the terminal operation.
     */
    static final class ParallelStream implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            Thread main = Thread.currentThread();
            Unseen workerBumped = new Unseen();
            IntStream.range(0, 2).parallel().forEach(i -> {
                if (Thread.currentThread() == main) {
                    workerBumped.await();
                } else {
                    rmw.run();
                    workerBumped.signal();
                }
            });
            rmw.run();
        }

        /** main bumps inside its own element, where nothing orders it with the worker's. */
        public void race(Runnable rmw) throws Exception {
            Thread main = Thread.currentThread();
            Unseen workerBumped = new Unseen();
            IntStream.range(0, 2).parallel().forEach(i -> {
                if (Thread.currentThread() == main) {
                    workerBumped.await();
                    rmw.run();
                } else {
                    rmw.run();
                    workerBumped.signal();
                }
            });
        }
    }

    /** main bumps, then schedules a java.util.Timer task that bumps. */
    static final class TimerSchedule implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            Timer timer = new Timer("timer");
            Unseen ran = new Unseen();
            rmw.run();
            timer.schedule(task(bumpThenSignal(rmw, ran)), 1);
            ran.await();
            timer.cancel();
        }

        /** main bumps after scheduling; the task bumps after main (in turns racewatch cannot see). */
        public void race(Runnable rmw) throws Exception {
            Timer timer = new Timer("timer");
            Unseen mainBumped = new Unseen();
            Unseen ran = new Unseen();
            timer.schedule(task(() -> {
                mainBumped.await();
                rmw.run();
                ran.signal();
            }), 1);
            rmw.run();
            mainBumped.signal();
            ran.await();
            timer.cancel();
        }

        private static TimerTask task(Runnable body) {
            return new TimerTask() {
                @Override
                public void run() {
                    body.run();
                }
            };
        }
    }

    /** Executors.newCachedThreadPool: the second task goes to the idle worker through a SynchronousQueue. */
    static final class CachedPool implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                rmw.run();
                pool.submit(rmw).get();
                pool.submit(rmw).get();
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** main bumps before the second task's get. */
        public void race(Runnable rmw) throws Exception {
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                rmw.run();
                pool.submit(rmw).get();
                Unseen bumped = new Unseen();
                Future<?> second = pool.submit(bumpThenSignal(rmw, bumped));
                bumped.await();
                rmw.run();
                second.get();
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * A {@code SubmissionPublisher} hands items to its subscriber inside the JDK (an array the
     * subscriber's consumer task drains): main bumps, then submits the second item while the
     * subscriber is still in the first item's {@code onNext} (so its consumer task, started by the
     * first submission, is already running and no executor hand-off comes between); the
     * subscriber bumps on the second item.
     */
    static final class Publisher implements Ordered.Twinned {
        /** The racy twin: main bumps after the second submission, once the subscriber has bumped. */
        public void run(Runnable rmw, boolean bumpLast) throws Exception {
            ExecutorService consumer = Executors.newSingleThreadExecutor();
            Unseen firstArrived = new Unseen();
            Unseen secondSubmitted = new Unseen();
            Unseen subscriberBumped = new Unseen();
            java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);
            try (java.util.concurrent.SubmissionPublisher<Integer> publisher = new java.util.concurrent.SubmissionPublisher<>(consumer, 8)) {
                publisher.subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
                    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    public void onNext(Integer item) {
                        if (item == 1) {
                            firstArrived.signal();
                            secondSubmitted.await();
                        } else {
                            rmw.run();
                            subscriberBumped.signal();
                        }
                    }

                    public void onError(Throwable failure) {
                        failure.printStackTrace();
                        completed.countDown();
                    }

                    public void onComplete() {
                        completed.countDown();
                    }
                });
                publisher.submit(1);
                firstArrived.await();
                if (!bumpLast) {
                    rmw.run();
                }
                publisher.submit(2);
                secondSubmitted.signal();
                subscriberBumped.await();
                if (bumpLast) {
                    rmw.run();
                }
            }
            if (!completed.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the subscriber did not complete");
            }
            consumer.shutdown();
        }
    }

    /**
     * main bumps, then registers a cleaning action with a {@link java.lang.ref.Cleaner}; the action bumps on
     * the cleaner's thread once the object is unreachable. The racy twin bumps after registering.
     */
    static final class CleanerAction implements Ordered.Twinned {
        public void run(Runnable rmw, boolean bumpAfterRegistering) throws Exception {
            java.lang.ref.Cleaner cleaner = java.lang.ref.Cleaner.create();
            Unseen mainBumped = new Unseen();
            java.util.concurrent.CountDownLatch cleaned = new java.util.concurrent.CountDownLatch(1);
            if (!bumpAfterRegistering) {
                rmw.run();
            }
            cleaner.register(new Object(), () -> { // unreachable at once: cleaned at the next collection
                if (bumpAfterRegistering) {
                    mainBumped.await();
                }
                rmw.run();
                cleaned.countDown();
            });
            if (bumpAfterRegistering) {
                rmw.run();
                mainBumped.signal();
            }
            while (!cleaned.await(20, TimeUnit.MILLISECONDS)) {
                System.gc(); // until the collector finds the object (the latch orders nothing that follows a bump)
            }
        }
    }

    /**
     * A ConcurrentHashMap's forEach (the map's, or a view's) under way when another thread puts an element: the element's function call
     * bumps. The traversal is held at its first element ({@code "a"}, bin 1 of 16) until the other thread bumped
     * and put {@code "o"} (bin 15, still ahead). The racy twin puts first and bumps after.
     */
    static final class PutDuringForEach implements Ordered.Twinned {
        private final java.util.function.BiConsumer<java.util.concurrent.ConcurrentHashMap<String, String>,
            java.util.function.BiConsumer<String, String>> traversal;

        PutDuringForEach(java.util.function.BiConsumer<java.util.concurrent.ConcurrentHashMap<String, String>,
            java.util.function.BiConsumer<String, String>> traversal) {
            this.traversal = traversal;
        }

        public void run(Runnable rmw, boolean putFirst) throws Exception {
            java.util.concurrent.ConcurrentHashMap<String, String> m = new java.util.concurrent.ConcurrentHashMap<>();
            m.put("a", "first");
            Unseen traversing = new Unseen();
            Unseen put = new Unseen();
            Unseen putterBumped = new Unseen();
            boolean[] seen = new boolean[1];
            Ordered.twoThreads(() -> {
                traversing.await();
                if (!putFirst) {
                    rmw.run();
                }
                m.put("o", "second");
                put.signal();
                if (putFirst) {
                    rmw.run();
                    putterBumped.signal();
                }
            }, () -> {
                traversal.accept(m, (k, v) -> {
                    if (k.equals("a")) {
                        traversing.signal();
                        put.await();
                    } else {
                        if (putFirst) {
                            putterBumped.await();
                        }
                        rmw.run();
                        seen[0] = true;
                    }
                });
                if (!seen[0]) {
                    throw new IllegalStateException("the traversal did not reach the element put meanwhile");
                }
            });
        }
    }

    /** ScheduledExecutorService.schedule of a Callable, then get. */
    static final class ScheduledGet implements Ordered.Mechanism {
        public void order(Runnable rmw) throws Exception {
            ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
            try {
                rmw.run();
                pool.schedule(Executors.callable(rmw), 1, TimeUnit.MILLISECONDS).get();
                rmw.run();
            } finally {
                pool.shutdown();
            }
        }

        /** main bumps before the get. */
        public void race(Runnable rmw) throws Exception {
            ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
            try {
                rmw.run();
                Unseen bumped = new Unseen();
                ScheduledFuture<Object> f = pool.schedule(Executors.callable(bumpThenSignal(rmw, bumped)), 1, TimeUnit.MILLISECONDS);
                bumped.await();
                rmw.run();
                f.get();
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * A FutureTask run by a thread of the program's own, read by main: the completer bumps (the task), then
     * completes thousands of other futures (whatever racewatch keeps per completion, in a cache or a table of
     * the completer's, is replaced or copied meanwhile, the first task still alive), and, with {@code ended},
     * ends, and main completes a future of its own after that (what an ended thread kept must outlive it).
     * main waits through an {@link Unseen} signal and the thread's state, neither of which orders; only the
     * future's get orders it after the bump. main links every lambda and initializes every class the futures
     * use before the completer runs: the JDK's lambda linkage and class initialization order a thread that
     * does them after another (the racy twin went unreported when main linked a lambda of its own later).
     */
    static final class FutureCompleterMovedOn implements Ordered.Twinned {
        private static final Runnable NOTHING = () -> { };
        private final boolean ended;

        FutureCompleterMovedOn(boolean ended) {
            this.ended = ended;
        }

        /** The racy twin bumps before the get. */
        public void run(Runnable rmw, boolean racy) throws Exception {
            rmw.run();
            FutureTask<Object> first = new FutureTask<>(rmw, null);
            FutureTask<Object> mains = new FutureTask<>(NOTHING, null);
            Unseen moved = new Unseen();
            Thread completer = new Thread(() -> {
                first.run();
                for (int i = 0; i < 5000; i++) {
                    new FutureTask<>(NOTHING, null).run();
                }
                moved.signal();
            }, "completer");
            completer.start();
            moved.await();
            if (ended) {
                while (completer.getState() != Thread.State.TERMINATED) {
                    Thread.onSpinWait();
                }
                mains.run();
            }
            if (racy) {
                rmw.run();
                first.get();
            } else {
                first.get();
                rmw.run();
            }
        }
    }
}
