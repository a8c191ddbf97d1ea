package testprograms.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection whose heartbeat helper schedules the ping: the helper has no lifecycle end of
 * its own, so the connection's close() must stop it (and the same with a helper that has one,
 * {@link Session} and {@link KeepAlive}). Racy: close() forgets, and the ping goes on
 * reading the closed connection's pending requests. Clean: close() cancels the helper's ping.
 * The ping runs every millisecond; main waits, with a latch, for one run after the close.
 */
public final class HeldHelpers {
    static final ScheduledExecutorService PINGER = Daemons.scheduler("pinger");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "forgets-heartbeat" -> forgetsHeartbeat();
            case "stops-heartbeat" -> new Connection(true).close();
            case "forgets-stoppable" -> forgetsStoppable();
            case "stops-stoppable" -> new Session(true, null).close();
            case "shares-service" -> sharesService();
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

    static void forgetsStoppable() throws InterruptedException {
        Session session = new Session(false, null);
        session.close();
        session.closeReturned = true;
        session.pingedAfterClose.await();
    }

    /** A keep-alive service started by main and shared by sessions: a session's close leaves it running, rightly. */
    static void sharesService() {
        KeepAlive service = new KeepAlive(null);
        service.start();
        Session user = new Session(false, service);
        user.close();
        service.stop();
    }

    /**
     * A session whose keep-alive helper has a lifecycle end of its own, {@code stop()}: the
     * session starts it in its constructor, so its close() must stop it. Racy: close() forgets.
     * Given a running keep-alive instead, the session only refers to it and does not start it.
     */
    static final class Session implements AutoCloseable {
        final Map<Long, String> pending = new HashMap<>();
        final CountDownLatch pingedAfterClose = new CountDownLatch(1);
        volatile boolean closeReturned;
        final KeepAlive keepAlive;
        private final boolean stopsKeepAlive;

        Session(boolean stopsKeepAlive, KeepAlive shared) {
            this.stopsKeepAlive = stopsKeepAlive;
            pending.put(1L, "request 1");
            if (shared != null) {
                keepAlive = shared;
            } else {
                keepAlive = new KeepAlive(this);
                keepAlive.start();
            }
        }

        @Override
        public void close() {
            if (stopsKeepAlive) { // @session-close
                keepAlive.stop();
            }
        }
    }

    /** Pings its session's oldest pending request until stopped. */
    static final class KeepAlive {
        private final Session session;
        private ScheduledFuture<?> ping;

        KeepAlive(Session session) {
            this.session = session;
        }

        void start() {
            ping = PINGER.scheduleAtFixedRate(this::ping, 0, 1, TimeUnit.MILLISECONDS); // @keepalive-schedule
        }

        void ping() {
            if (session == null) {
                return; // the shared service: nothing of a session to keep alive
            }
            boolean afterClose = session.closeReturned;
            session.pending.get(1L); // @keepalive-touch
            if (afterClose) {
                session.pingedAfterClose.countDown();
            }
        }

        void stop() {
            ping.cancel(false);
        }
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
