package demo.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a job worker that sends a heartbeat every 20 ms. The buggy close() marks the
 * connection closed but leaves the heartbeat scheduled, so it goes on sending on a closed
 * connection (and keeps the connection reachable); the fixed one cancels it. (Seed: a timeout
 * not cleared when its component goes away.)
 */
final class WorkerConnection implements AutoCloseable {
    private final ScheduledFuture<?> heartbeat;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final CountDownLatch beatAfterClose = new CountDownLatch(1);
    private final boolean fixed;
    private volatile boolean open = true;

    WorkerConnection(ScheduledExecutorService scheduler, boolean fixed) {
        this.fixed = fixed;
        heartbeat = scheduler.scheduleAtFixedRate(this::sendHeartbeat, 20, 20, TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat() {
        sent.merge("heartbeats", 1L, Long::sum);
        if (!open) {
            beatAfterClose.countDown();
        }
    }

    /** Waits, boundedly, for a heartbeat sent on the closed connection. */
    boolean awaitHeartbeatAfterClose() throws InterruptedException {
        return beatAfterClose.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        open = false;
        if (fixed) {
            heartbeat.cancel(false);
        }
    }
}
