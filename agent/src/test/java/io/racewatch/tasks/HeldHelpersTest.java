package io.racewatch.tasks;

import io.racewatch.detect.CloseVerdicts;
import io.racewatch.detect.Detectors;
import io.racewatch.order.VectorClocks;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Helpers closed with the lifecycle object holding them: which fields are read, which helpers
 * count, and what the close charges to them. Nothing runs: the tasks' delays are an hour.
 */
class HeldHelpersTest {
    private static final Schedule EVERY_HOUR = Schedule.periodic("scheduleAtFixedRate", true, 1, 1, TimeUnit.HOURS);

    private final ThreadState main = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A helper: schedules, has no lifecycle end. */
    static final class Heartbeat {
    }

    /** A helper with a lifecycle end of its own (registered as the rewriter would). */
    static final class Pool implements AutoCloseable {
        static {
            Lifecycles.register(Pool.class.getName());
        }

        @Override
        public void close() {
        }
    }

    static class BaseConnection implements AutoCloseable {
        static {
            Lifecycles.register(BaseConnection.class.getName());
        }

        Heartbeat inherited;

        @Override
        public void close() {
        }
    }

    static final class Connection extends BaseConnection {
        Heartbeat heartbeat;
        Pool pool;
        Heartbeat[] inArray;
        String name = "c1";
        int id = 7;
    }

    private static int site(int line) {
        return Sites.register("com.acme.Connection", "close", "Connection.java", line, null);
    }

    private void scheduleBy(Object owner, int line) {
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, owner, f, executor, null, EVERY_HOUR, "com.acme.Ping", site(line));
    }

    private void close(Object owner, int site) {
        Closing.begins(main, owner, site);
        Closing.ends(main, owner, site);
    }

    private static List<Finding> findingsAbout(Object owner) {
        CloseVerdicts.settleAll(); // a close's verdict waits for its grace: give it now
        String name = OwnerState.nameOf(owner);
        return Findings.all().stream().filter(f -> name.equals(f.resource().details().get("owner"))).toList();
    }

    @Test
    void theHoldersCloseClosesItsHelpersIncludingASuperclasssField() {
        Connection c = new Connection();
        c.heartbeat = new Heartbeat();
        c.inherited = new Heartbeat();
        scheduleBy(c.heartbeat, 10);
        scheduleBy(c.inherited, 11);

        int closeSite = site(12);
        close(c, closeSite);

        Closed closed = ScheduledTasks.stateOf(c.heartbeat).closed();
        assertNotNull(closed);
        assertEquals(closeSite, closed.site());
        assertEquals(OwnerState.nameOf(c), closed.heldBy().holder());
        assertEquals(Connection.class.getName() + ".heartbeat", closed.heldBy().field());
        assertEquals(BaseConnection.class.getName() + ".inherited",
            ScheduledTasks.stateOf(c.inherited).closed().heldBy().field());
        List<Finding> found = findingsAbout(c.heartbeat);
        assertEquals(1, found.size());
        assertEquals("closed", found.get(0).resource().details().get("event"));
        assertEquals(Connection.class.getName() + ".heartbeat", found.get(0).resource().details().get("heldIn"));
    }

    @Test
    void aHelperWithItsOwnLifecycleOrInAnArrayOrAlreadyCancelledIsNotCharged() {
        Connection c = new Connection();
        c.pool = new Pool();
        c.inArray = new Heartbeat[] {new Heartbeat()};
        c.heartbeat = new Heartbeat();
        scheduleBy(c.pool, 20);
        scheduleBy(c.inArray[0], 21);
        ScheduledFuture<?> cancelled = executor.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, c.heartbeat, cancelled, executor, null, EVERY_HOUR, "com.acme.Ping", site(22));
        cancelled.cancel(false);

        close(c, site(23));

        assertNull(ScheduledTasks.stateOf(c.pool).closed());
        assertNull(ScheduledTasks.stateOf(c.inArray[0]).closed());
        assertEquals(List.of(), findingsAbout(c.pool));
        assertEquals(List.of(), findingsAbout(c.inArray[0]));
        assertEquals(List.of(), findingsAbout(c.heartbeat));
    }

    @Test
    void pastItsFirstTasksASiteWalksOnlyOnceOneOfItsTasksGotARecord() {
        int site = Sites.register("com.acme.Client", "request", "Client.java", 500, null);
        for (int i = 0; i < HeldHelpers.WALKS_IN_FULL; i++) {
            assertNotNull(HeldHelpers.callerClasses(site), "the first tasks of a site are walked, call " + i);
        }
        for (int i = 0; i < 3 * HeldHelpers.WALK_ONE_IN; i++) {
            assertNull(HeldHelpers.callerClasses(site), "no task of the site was ever kept: no walk, call " + i);
        }
        HeldHelpers.siteKeepsTasks(site);
        int walked = 0;
        for (int i = 0; i < HeldHelpers.WALK_ONE_IN; i++) {
            walked += HeldHelpers.callerClasses(site) == null ? 0 : 1;
        }
        assertEquals(1, walked, "once a task of the site got a record, one in " + HeldHelpers.WALK_ONE_IN);
    }
}
