package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A close that hands the rest of its work to other threads, as Netty's channel close hands the
 * peer's close to the peer's event loop and its pipeline teardown hops from one handler's executor
 * to the next: that work runs after close() returned and takes the owner's lock and map by design
 * (clean). Its twin hands the same work over before the close, which then leaves it behind (a
 * late run touching the closed owner). A latch holds the work until close() has returned.
 */
public final class AsyncClose {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "handed-over-by-close" -> teardown(true);
            case "handed-over-before-close" -> teardown(false);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void teardown(boolean byClose) throws InterruptedException {
        Pipeline pipeline = new Pipeline(byClose);
        if (!byClose) {
            pipeline.teardownLater();
        }
        pipeline.close();
        pipeline.closed.countDown();
        pipeline.finished.await();
        System.out.println("handlers left=" + pipeline.handlers.size());
    }

    static final class Pipeline implements AutoCloseable {
        private final ExecutorService firstLoop = Daemons.single("first-loop");
        private final ExecutorService secondLoop = Daemons.single("second-loop");
        private final ReentrantLock lock = new ReentrantLock();
        final Map<String, String> handlers = new HashMap<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        private final boolean byClose;

        Pipeline(boolean byClose) {
            this.byClose = byClose;
            handlers.put("first", "decoder");
            handlers.put("second", "encoder");
        }

        void teardownLater() {
            firstLoop.execute(this::removeFirst); // @teardown-execute
        }

        private void removeFirst() {
            LateRuns.await(closed);
            remove("first");
            secondLoop.execute(this::removeSecond); // the next handler's executor finishes the teardown
        }

        private void removeSecond() {
            remove("second");
            finished.countDown();
        }

        private void remove(String name) {
            lock.lock(); // @teardown-lock
            try {
                handlers.remove(name); // @teardown-remove
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            if (byClose) {
                teardownLater();
            }
        }
    }
}
