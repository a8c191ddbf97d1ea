package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
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
            case "handed-on-before-tracked" -> handedOnBeforeTracked();
            case "close-handed-to-the-loop" -> closedOnTheLoop(true, false);
            case "disconnect-handed-to-the-loop" -> closedOnTheLoop(false, false);
            case "close-handed-to-the-loop-then-destroyed" -> closedOnTheLoop(true, true);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void teardown(boolean byClose) throws InterruptedException {
        run(new Pipeline(byClose, Daemons.single("first-loop")), byClose);
    }

    /**
     * The close's first hop runs, and hands the next hop on, before the call that handed it over
     * has returned (racewatch tracks a task once its scheduling call returns): the next hop is
     * still the close's work.
     */
    static void handedOnBeforeTracked() throws InterruptedException {
        run(new Pipeline(true, new WaitingExecutor()), true);
    }

    private static void run(Pipeline pipeline, boolean byClose) throws InterruptedException {
        if (!byClose) {
            pipeline.teardownLater();
        }
        pipeline.close();
        pipeline.closed.countDown();
        pipeline.finished.await();
        System.out.println("handlers left=" + pipeline.handlers.size());
    }

    /**
     * Netty's {@code channel.close()} called on {@code main}: a static helper (as
     * {@code AbstractChannelHandlerContext.safeExecute}) hands the close to the channel's loop, where the
     * channel hands the peer's close on to the peer's loop ({@code LocalChannel.doClose}). That hand-off is
     * made on the loop, not on the thread whose close() is running, and is the close's own: clean. Its twin
     * hands the same work over through the same helper before the close ({@code disconnect()}, no lifecycle
     * end), which then leaves it behind. A gate holds the peer's loop until close() has returned.
     */
    static void closedOnTheLoop(boolean byClose, boolean destroyed) throws InterruptedException {
        ChannelPipeline pipeline = new ChannelPipeline(byClose);
        LoopChannel channel = pipeline.channel;
        channel.waitsForCloseToReturn = destroyed;
        channel.peerLoop.execute(() -> LateRuns.await(channel.closed)); // the peer's loop is busy until then
        if (!byClose) {
            channel.disconnect();
        }
        channel.close();
        if (destroyed) {
            // The loop hands the peer's close on only once close() has returned (the usual order in Netty), and
            // the pipeline is destroyed after that: its channel, a helper it started, is closed with it.
            channel.closeReturned.countDown();
            LateRuns.await(channel.handedOn);
            pipeline.destroy();
        }
        channel.closed.countDown();
        channel.finished.await();
        System.out.println("peers left=" + channel.peers.size());
    }

    /** A static helper owns nothing: racewatch cannot tie the task to the close from its call alone. */
    static final class Loops {
        static void safeExecute(Executor loop, Runnable task) {
            loop.execute(task);
        }
    }

    /**
     * Holds its channel and runs its close on the loop (as Netty's pipeline holds its channel and its head
     * context calls the channel's doClose): the channel is a helper the pipeline started, closed with its destroy().
     */
    static final class ChannelPipeline {
        final LoopChannel channel;

        ChannelPipeline(boolean byClose) {
            channel = new LoopChannel(byClose, this);
        }

        void invokeClose() {
            channel.doClose();
        }

        void destroy() {
            System.out.println("pipeline destroyed");
        }
    }

    static final class LoopChannel implements AutoCloseable {
        private final ExecutorService loop = Daemons.single("channel-loop");
        final ExecutorService peerLoop = Daemons.single("peer-loop");
        private final ReentrantLock lock = new ReentrantLock();
        final Map<String, String> peers = new HashMap<>();
        final CountDownLatch handedOn = new CountDownLatch(1);
        final CountDownLatch closeReturned = new CountDownLatch(1);
        volatile boolean waitsForCloseToReturn;
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        private final boolean byClose;
        private final ChannelPipeline pipeline;

        LoopChannel(boolean byClose, ChannelPipeline pipeline) {
            this.byClose = byClose;
            this.pipeline = pipeline;
            peers.put("peer", "connected");
        }

        /** Hands the close to the loop and waits until the loop has handed the peer's close on (unless that waits for this call's return). */
        void disconnect() {
            Loops.safeExecute(loop, pipeline::invokeClose);
            if (!waitsForCloseToReturn) {
                LateRuns.await(handedOn);
            }
        }

        void doClose() {
            if (waitsForCloseToReturn) {
                LateRuns.await(closeReturned);
            }
            peerLoop.execute(this::closePeer); // @peer-close-execute
            handedOn.countDown();
        }

        private void closePeer() {
            lock.lock(); // @peer-close-lock
            try {
                peers.remove("peer"); // @peer-close-remove
            } finally {
                lock.unlock();
            }
            finished.countDown();
        }

        @Override
        public void close() {
            if (byClose) {
                disconnect();
            }
        }
    }

    /**
     * An event loop of its own, as Netty's: execute() queues the task for its thread, and returns
     * only once the task has handed its next hop on.
     */
    static final class WaitingExecutor implements Executor {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        final CountDownLatch handedOn = new CountDownLatch(1);

        WaitingExecutor() {
            Thread loop = new Thread(() -> {
                try {
                    while (true) {
                        queue.take().run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "waiting-loop");
            loop.setDaemon(true);
            loop.start();
        }

        @Override
        public void execute(Runnable task) {
            queue.add(task);
            LateRuns.await(handedOn);
        }
    }

    static final class Pipeline implements AutoCloseable {
        private final Executor firstLoop;
        private final ExecutorService secondLoop = Daemons.single("second-loop");
        private final ReentrantLock lock = new ReentrantLock();
        final Map<String, String> handlers = new HashMap<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        private final boolean byClose;

        Pipeline(boolean byClose, Executor firstLoop) {
            this.byClose = byClose;
            this.firstLoop = firstLoop;
            handlers.put("first", "decoder");
            handlers.put("second", "encoder");
        }

        void teardownLater() {
            firstLoop.execute(this::removeFirst); // @teardown-execute
        }

        private void removeFirst() {
            WaitingExecutor waiting = firstLoop instanceof WaitingExecutor w ? w : null;
            if (waiting == null) {
                LateRuns.await(closed);
            }
            remove("first");
            secondLoop.execute(this::removeSecond); // the next handler's executor finishes the teardown
            if (waiting != null) {
                waiting.handedOn.countDown();
            }
        }

        private void removeSecond() {
            LateRuns.await(closed);
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
