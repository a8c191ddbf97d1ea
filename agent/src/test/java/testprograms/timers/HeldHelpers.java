package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection whose heartbeat helper schedules the ping: the helper has no lifecycle end of
 * its own, so the connection's close() must stop it. Racy: close() forgets, and the ping goes on
 * reading the closed connection's pending requests. Clean: close() cancels the helper's ping.
 * The ping runs every millisecond; main waits, with a latch, for one run after the close.
 */
public final class HeldHelpers {
    static final ScheduledExecutorService PINGER = Daemons.scheduler("pinger");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "forgets-heartbeat" -> forgetsHeartbeat();
            case "stops-heartbeat" -> new Connection(true).close();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    static void forgetsHeartbeat() throws InterruptedException {
        Connection connection = new Connection(false);
        connection.close();
        connection.closeReturned = true;
        connection.pingedAfterClose.await();
    }

    static final class Connection implements AutoCloseable {
        final Map<Long, String> pending = new HashMap<>();
        final CountDownLatch pingedAfterClose = new CountDownLatch(1);
        /** Set by main once close() has returned: a ping that sees it touches a closed connection. */
        volatile boolean closeReturned;
        private final Heartbeat heartbeat;
        private final boolean stopsHeartbeat;

        Connection(boolean stopsHeartbeat) {
            this.stopsHeartbeat = stopsHeartbeat;
            pending.put(1L, "request 1");
            heartbeat = new Heartbeat(this);
            heartbeat.start();
        }

        @Override
        public void close() {
            if (stopsHeartbeat) { // @connection-close
                heartbeat.cancel();
            }
        }
    }

    /** Pings the connection's oldest pending request; no close() of its own: its holder stops it. */
    static final class Heartbeat {
        private final Connection connection;
        private ScheduledFuture<?> ping;

        Heartbeat(Connection connection) {
            this.connection = connection;
        }

        void start() {
            ping = PINGER.scheduleAtFixedRate(this::ping, 0, 1, TimeUnit.MILLISECONDS); // @ping-schedule
        }

        void ping() {
            boolean afterClose = connection.closeReturned;
            connection.pending.get(1L); // @ping-touch
            if (afterClose) {
                connection.pingedAfterClose.countDown();
            }
        }

        void cancel() {
            ping.cancel(false);
        }
    }
}
