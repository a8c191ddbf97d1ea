package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work a channel queued on its peer's loop before its close that runs right after it, as Netty's
 * LocalChannel hands written data to the peer's loop (runFinishPeerReadTask) and a close can come
 * before the loop gets to it: one-shot background work in flight, touching nothing of the closed
 * channel's (clean). Its twins: the same work removing the write from the channel's own map (a run
 * against the closed channel), and the same delivery as a delayed one-shot (a timer the close left
 * scheduled), and the same delivery still queued at exit (it never ran: left behind); and the
 * delivery dropped unrun by the loop's shutdownNow() after the close (it never ran against the
 * closed channel: clean); and the clean delivery queued by one of the channel's own tasks before the
 * close. A gate task holds the loop until close() has returned.
 */
public final class InFlightWork {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "delivered-after-close" -> run(Shape.DELIVERS);
            case "touches-owner-after-close" -> run(Shape.TOUCHES_OWNER);
            case "delayed-after-close" -> run(Shape.DELAYED);
            case "never-delivered" -> run(Shape.NEVER_RUNS);
            case "dropped-by-shutdown-now" -> run(Shape.DROPPED);
            case "relayed-before-close" -> run(Shape.RELAYED);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    enum Shape { DELIVERS, TOUCHES_OWNER, DELAYED, NEVER_RUNS, DROPPED, RELAYED }

    static void run(Shape shape) throws InterruptedException {
        ScheduledExecutorService peerLoop = Daemons.scheduler("peer-loop");
        CountDownLatch gate = new CountDownLatch(1);
        peerLoop.execute(() -> LateRuns.await(gate)); // holds the peer's loop until the channel is closed
        Peer peer = new Peer();
        Channel channel = new Channel(peerLoop, peer, shape);
        channel.write("hello");
        channel.close();
        if (shape == Shape.NEVER_RUNS) {
            return; // the loop stays busy: the delivery is still queued at exit
        }
        if (shape == Shape.DROPPED) {
            int dropped = peerLoop.shutdownNow().size(); // interrupts the gate, drops the delivery unrun
            System.out.println("dropped=" + dropped + " terminated=" + peerLoop.awaitTermination(1, TimeUnit.MINUTES));
            return;
        }
        gate.countDown();
        peer.received.await();
        System.out.println("peer got=" + peer.inbound);
    }

    static final class Peer {
        final Queue<String> inbound = new ConcurrentLinkedQueue<>();
        final CountDownLatch received = new CountDownLatch(1);

        void deliver(String message) {
            inbound.add(message);
            received.countDown();
        }
    }

    static final class Channel implements AutoCloseable {
        private final ScheduledExecutorService peerLoop;
        private final Peer peer;
        private final Shape shape;
        private final Map<String, String> unread = new HashMap<>();
        private volatile boolean open = true;

        Channel(ScheduledExecutorService peerLoop, Peer peer, Shape shape) {
            this.peerLoop = peerLoop;
            this.peer = peer;
            this.shape = shape;
        }

        void write(String message) {
            unread.put(message, "written");
            if (shape == Shape.RELAYED) {
                // One of the channel's own tasks queues the delivery, before the close (LocalChannel's
                // doClose run from its own read task): still work from before the close.
                ExecutorService ownLoop = Daemons.single("own-loop");
                CountDownLatch relayed = new CountDownLatch(1);
                ownLoop.execute(() -> {
                    peerLoop.execute(() -> finishPeerRead(message)); // @finish-relay
                    relayed.countDown();
                });
                LateRuns.await(relayed);
            } else if (shape == Shape.DELAYED) {
                peerLoop.schedule(() -> finishPeerRead(message), 1, TimeUnit.MILLISECONDS); // @finish-schedule
            } else {
                peerLoop.execute(() -> finishPeerRead(message)); // @finish-execute
            }
        }

        private void finishPeerRead(String message) {
            if (shape == Shape.TOUCHES_OWNER) {
                unread.remove(message); // @finish-touch
            }
            peer.deliver(message);
        }

        @Override
        public void close() {
            open = false; // @channel-close
        }
    }
}
