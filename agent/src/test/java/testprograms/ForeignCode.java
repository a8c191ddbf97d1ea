package testprograms;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The application's objects in racewatch's hands: racewatch must call none of their methods that
 * the program did not call itself, and never hold a lock of its own while it calls the ones the
 * map calls too (hashCode, equals). The output is the same with and without the agent.
 *
 * <ol>
 *   <li>{@code monitor-key}: a key whose hashCode takes a monitor that another thread holds while
 *       it makes a map call. With racewatch holding a lock of its own around hashCode, the two
 *       threads deadlock (the program then never ends).</li>
 *   <li>{@code toString}: keys whose toString throws, recurses under a monitor (commons-dbcp's
 *       keys) or counts its calls: racewatch describes keys without calling it, even in a finding.</li>
 *   <li>{@code strict-future}: an executor of the application's that hands back a future which,
 *       like a strict mock, records every call the test did not expect.</li>
 * </ol>
 */
public final class ForeignCode {
    private static final Object GATE = new Object();
    private static volatile boolean armed;
    private static final CountDownLatch proceed = new CountDownLatch(1);

    /** hashCode takes GATE; when the reader thread calls it (only racewatch would), it says so first. */
    static final class MonitorKey {
        @Override
        public int hashCode() {
            if (armed && Thread.currentThread().getName().equals("reader")) {
                proceed.countDown();
            }
            synchronized (GATE) {
                return 7;
            }
        }

        @Override
        public boolean equals(Object o) {
            synchronized (GATE) {
                return o == this;
            }
        }
    }

    static int toStringCalls;

    /** toString is synchronized and recursive, as in commons-dbcp's pool keys; every call is counted. */
    static final class RecursiveKey {
        private final RecursiveKey inner;

        RecursiveKey(RecursiveKey inner) {
            this.inner = inner;
        }

        @Override
        public synchronized String toString() {
            toStringCalls++;
            return "Recursive(" + inner + ")";
        }
    }

    static final Map<Object, Integer> shared = new ConcurrentHashMap<>();
    static final Map<Object, Integer> ledger = new HashMap<>();

    public static void main(String[] args) throws Exception {
        monitorKey();
        toStringNeverCalled();
        strictFuture();
    }

    private static void monitorKey() throws InterruptedException {
        MonitorKey key = new MonitorKey();
        shared.put(key, 1); // main owns the map; its last write names this key
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (GATE) {
                armed = true;
                holding.countDown();
                try {
                    proceed.await(); // the reader is inside key.hashCode (under the agent) or done (without)
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                shared.get("other"); // a map call while holding GATE
            }
        }, "holder");
        Thread reader = new Thread(() -> {
            try {
                holding.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            shared.get("mine"); // the map's first access by a second thread
            proceed.countDown();
        }, "reader");
        holder.start();
        reader.start();
        holder.join();
        reader.join();
        System.out.println("monitor-key: no deadlock, size=" + shared.size());
    }

    private static void toStringNeverCalled() throws InterruptedException {
        RecursiveKey key = new RecursiveKey(new RecursiveKey(null));
        // A lost update on the key (Handoff is excluded: nothing racewatch sees orders it): p: get, q: get, p: put, q: put.
        Handoff pRead = new Handoff();
        Handoff qRead = new Handoff();
        Handoff pWrote = new Handoff();
        Both.run("p", () -> {
            Integer v = ledger.get(key); // @read-p
            pRead.signal();
            qRead.await();
            ledger.put(key, v == null ? 1 : v + 1); // @write-p
            pWrote.signal();
        }, "q", () -> {
            pRead.await();
            Integer v = ledger.get(key); // @read-q
            qRead.signal();
            pWrote.await();
            ledger.put(key, v == null ? 1 : v + 1); // @write-q
        });
        System.out.println("toString: calls=" + toStringCalls + " value=" + ledger.get(key));
    }

    private static void strictFuture() {
        for (boolean proxy : new boolean[] {false, true}) {
            try (Poller poller = new Poller(new StrictScheduler(proxy))) {
                poller.start();
            }
        }
        System.out.println("strict-future: unexpected calls " + StrictFuture.unexpected);
    }

    /** Schedules a poll and cancels it on close, as commons-lang's TimedSemaphore does. */
    static final class Poller implements AutoCloseable {
        private final ScheduledExecutorService scheduler;
        private ScheduledFuture<?> task;

        Poller(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
        }

        void start() {
            task = scheduler.scheduleAtFixedRate(this::poll, 1, 1, TimeUnit.SECONDS);
        }

        void poll() {
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }

    /** A future that, like a strict mock, expects cancel(false) and nothing else. */
    static final class StrictFuture implements ScheduledFuture<Object> {
        static final List<String> unexpected = new ArrayList<>();

        private static <T> T unexpected(String call) {
            unexpected.add(call);
            throw new AssertionError("unexpected call " + call);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            return true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unexpected("getDelay");
        }

        @Override
        public int compareTo(Delayed o) {
            return unexpected("compareTo");
        }

        @Override
        public boolean isCancelled() {
            return unexpected("isCancelled");
        }

        @Override
        public boolean isDone() {
            return unexpected("isDone");
        }

        @Override
        public Object get() {
            return unexpected("get");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return unexpected("get(timeout)");
        }

        @Override
        public int hashCode() {
            return unexpected("hashCode");
        }

        @Override
        public boolean equals(Object o) {
            return unexpected("equals");
        }

        @Override
        public String toString() {
            return unexpected("toString");
        }
    }

    /**
     * A strict future as mocking libraries make them: a dynamic proxy, whose class lives in a
     * {@code jdk.proxy} package although every method is the application's handler.
     */
    static ScheduledFuture<?> strictProxy() {
        InvocationHandler handler = (proxy, method, args) ->
            method.getName().equals("cancel") ? Boolean.TRUE : StrictFuture.unexpected("proxy " + method.getName());
        return (ScheduledFuture<?>) Proxy.newProxyInstance(ForeignCode.class.getClassLoader(),
            new Class<?>[] {ScheduledFuture.class}, handler);
    }

    /** The application's scheduler: it runs nothing and hands back a strict future. */
    static final class StrictScheduler implements ScheduledExecutorService {
        private final boolean proxy;

        StrictScheduler(boolean proxy) {
            this.proxy = proxy;
        }

        private ScheduledFuture<?> strict() {
            return proxy ? strictProxy() : new StrictFuture();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return strict();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return strict();
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return strict();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<?> submit(Runnable task) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable command) {
            throw new UnsupportedOperationException();
        }
    }
}
