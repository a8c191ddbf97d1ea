package demo.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduling scenarios' own behaviour, without the agent: the bugs are real, the fixes work. */
class TimerScenariosTest {
    private static String run(String name, boolean fixed) throws Exception {
        return Main.selected(name).get(0).run(fixed);
    }

    @Test
    void pollerEndsDoneEitherWay() throws Exception {
        assertEquals("polled job-4 until it was done (give-up timeout: 60 s)", run("status-poller", true));
        assertEquals("polled job-4 until it was done (give-up timeout: 60 s)", run("status-poller", false));
    }

    @Test
    void buggyConnectionBeatsAfterCloseAndTheFixedOneDoesNot() throws Exception {
        assertTrue(run("heartbeat", false).endsWith("a heartbeat went out after close: true"));
        assertTrue(run("heartbeat", true).endsWith("its heartbeat was cancelled"));
    }

    @Test
    void prefetchThroughTheRequestSessionFailsAndItsOwnSessionWorks() throws Exception {
        assertEquals("the prefetch failed: session is closed", run("report-prefetch", false));
        assertEquals("prefetched: report for order-42", run("report-prefetch", true));
    }
}
