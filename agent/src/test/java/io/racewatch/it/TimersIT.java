package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.timers.AsyncClose;
import testprograms.timers.CheckedRunner;
import testprograms.timers.CancelledTaskCollected;
import testprograms.timers.ClosedOwners;
import testprograms.timers.EveryShape;
import testprograms.timers.ExecutorShutdowns;
import testprograms.timers.ExitTasks;
import testprograms.timers.HeldHelpers;
import testprograms.timers.DrainedAfterClose;
import testprograms.timers.InFlightRun;
import testprograms.timers.InFlightWork;
import testprograms.timers.LateRuns;
import testprograms.timers.LostOwners;
import testprograms.timers.OwnerClosesPart;
import testprograms.timers.SelfCancelling;
import testprograms.timers.SharedSchedulers;
import testprograms.timers.SharedWorkers;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * timer-outlives-owner under the real agent: each way a task can outlive its owner, and a clean
 * twin for each way of stopping it.
 */
class TimersIT {
    private static final String KIND = "timer-outlives-owner";

    @TempDir
    Path report;

    private int runs;

    private AgentRun.Result run(Class<?> program, String mode, String... options) throws Exception {
        AgentRun run = AgentRun.of(program).args(mode);
        for (String o : options) {
            run.option(o);
        }
        // A directory per run: JVMs started by this test JVM add up in one directory.
        AgentRun.Result r = run.run(report.resolve(program.getSimpleName() + "-" + mode + "-" + ++runs));
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains(mode + " done"), r.transcript());
        assertFalse(r.stderr().contains("internal error"), r.transcript());
        return r;
    }

    /** The only finding of the run, which must be a timer-outlives-owner one. */
    private static JsonNode single(AgentRun.Result r) throws Exception {
        List<JsonNode> all = r.findings();
        assertEquals(1, all.size(), r.transcript());
        assertEquals(KIND, all.get(0).get("kind").asText(), r.transcript());
        return all.get(0);
    }

    private static void assertClean(AgentRun.Result r) throws Exception {
        assertEquals(List.of(), r.findings(), r.transcript());
    }

    private static int line(Class<?> program, String marker) {
        return SourceLines.of(program, marker);
    }

    private static void assertEvent(JsonNode f, String event) {
        assertEquals(event, f.at("/resource/event").asText(), f.toString());
    }

    private static void assertSays(JsonNode f, String fragment) {
        assertTrue(f.get("message").asText().contains(fragment), f.toString());
    }

    private static void assertAccess(JsonNode f, int index, String op, Class<?> program, String marker) {
        JsonNode a = f.at("/accesses/" + index);
        assertEquals(op, a.get("op").asText(), f.toString());
        assertEquals(line(program, marker), a.at("/site/line").asInt(), f.toString());
        assertTrue(a.get("stack").size() > 0, f.toString());
    }

    // ---- (a) the owner's life ended while its task is still scheduled ----

    @Test
    void heartbeatThatSurvivesCloseIsReportedAtClose() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "heartbeat"));
        assertEquals("task", f.at("/resource/type").asText());
        assertEvent(f, "closed");
        assertEquals("fixed-rate", f.at("/resource/schedule").asText());
        assertEquals(3_600_000, f.at("/resource/periodMs").asLong());
        long next = f.at("/resource/nextRunMs").asLong();
        assertTrue(next > 3_500_000 && next <= 3_600_000, f.toString());
        assertTrue(f.at("/resource/owner").asText().startsWith("testprograms.timers.ClosedOwners$Connection@"), f.toString());
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@heartbeat");
        assertEquals("main", f.at("/accesses/1/thread").asText());
        assertAccess(f, 1, "close", ClosedOwners.class, "@connection-close");
        assertTrue(f.at("/accesses/0/stack/0").asText().contains("ClosedOwners$Connection.<init>"), f.toString());
        String message = f.get("message").asText();
        assertTrue(message.contains("close() returned while the task") && message.contains("every 3600000 ms"), message);
    }

    @Test
    void pollTimeoutNotCancelledWhenPollingSucceeds() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "timeout"));
        assertEquals("once", f.at("/resource/schedule").asText());
        assertAccess(f, 0, "schedule", ClosedOwners.class, "@give-up");
        assertAccess(f, 1, "stop", ClosedOwners.class, "@poller-stop");
    }

    @Test
    void timerTaskThatSurvivesCloseIsReported() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "timer"));
        assertAccess(f, 0, "schedule", ClosedOwners.class, "@timer-schedule");
        assertEquals("fixed-delay", f.at("/resource/schedule").asText());
        assertTrue(f.at("/resource/class").asText().startsWith("testprograms.timers.ClosedOwners$TimerClient$"), f.toString());
    }

    @Test
    void ownExecutorLeftRunningIsReported() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "owned-executor"));
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@own-executor");
    }

    @Test
    void aTaskCancelledByAnotherThreadJustAfterTheCloseIsClean() throws Exception {
        // A long grace: the verdict is made at exit, whatever the machine's load.
        assertClean(run(ClosedOwners.class, "async-close", "closeGraceMs=600000"));
        JsonNode f = single(run(ClosedOwners.class, "async-close-forgets", "closeGraceMs=600000"));
        assertEvent(f, "closed");
        assertAccess(f, 0, "schedule", ClosedOwners.class, "@idle-timeout");
        assertAccess(f, 1, "close", ClosedOwners.class, "@endpoint-close");
        String message = f.get("message").asText();
        assertTrue(message.contains("ms later it still is"), message);
    }

    @Test
    void aTaskLeftScheduledIsReportedOnceItsGraceHasPassed() throws Exception {
        // With the default grace of a second the watchdog or the exit settles it: either way one finding.
        JsonNode f = single(run(ClosedOwners.class, "async-close-forgets"));
        assertEvent(f, "closed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeat-cancelled", "timer-cancelled", "timer-task-cancelled", "timer-ran-once", "timeout-cancelled",
        "owned-executor-shut-down", "subclass-cancels-after-super", "static-no-scope"})
    void cancelledOrShutDownByTheOwnerIsClean(String mode) throws Exception {
        assertClean(run(ClosedOwners.class, mode));
    }

    @Test
    void aCloseThatThrowsStillEndsTheOwner() throws Exception {
        AgentRun.Result r = run(ClosedOwners.class, "close-throws");
        assertTrue(r.stdout().contains("close threw: flush failed"), r.transcript());
        JsonNode f = single(r);
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@failing-close-schedule");
        assertAccess(f, 1, "close", ClosedOwners.class, "@failing-close");
    }

    @Test
    void preDestroyEndsTheOwner() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "pre-destroy"));
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@bean-schedule");
        assertEquals("shutdownQuietly", f.at("/accesses/1/op").asText());
    }

    @Test
    void lifecycleOptionNamesOtherEnds() throws Exception {
        assertClean(run(ClosedOwners.class, "custom-lifecycle"));
        JsonNode f = single(run(ClosedOwners.class, "custom-lifecycle", "lifecycle=close:release"));
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@lease-schedule");
        assertEquals("release", f.at("/accesses/1/op").asText());
    }

    @Test
    void staticSchedulingIsOwnedThroughAScope() throws Exception {
        JsonNode f = single(run(ClosedOwners.class, "static-scope"));
        assertAccess(f, 0, "scheduleAtFixedRate", ClosedOwners.class, "@static-schedule");
        assertTrue(f.at("/resource/owner").asText().contains("ClosedOwners$Job@"), f.toString());
    }

    @Test
    void delayedExecutorAndTimeoutsArePendingWork() throws Exception {
        JsonNode delayed = single(run(ClosedOwners.class, "delayed-executor"));
        assertAccess(delayed, 0, "execute", ClosedOwners.class, "@delayed-execute");
        assertEquals("once", delayed.at("/resource/schedule").asText());
        assertEquals(3_600_000, delayed.at("/resource/delayMs").asLong());
        JsonNode timeout = single(run(ClosedOwners.class, "or-timeout"));
        assertAccess(timeout, 0, "orTimeout", ClosedOwners.class, "@or-timeout");
        assertEquals("timeout", timeout.at("/resource/schedule").asText());
    }

    // ---- (b) a task ran after its owner closed ----

    @Test
    void delayedTaskRunsAfterShutdownAndTouchesTheClosedOwner() throws Exception {
        JsonNode f = single(run(LateRuns.class, "after-shutdown"));
        assertEvent(f, "ran-after-close");
        assertAccess(f, 0, "schedule", LateRuns.class, "@flush-schedule");
        assertAccess(f, 1, "close", LateRuns.class, "@cache-close");
        assertEquals("run", f.at("/accesses/2/op").asText());
        assertEquals("cache-flusher", f.at("/accesses/2/thread").asText());
        assertAccess(f, 3, "clear", LateRuns.class, "@flush-touch");
        assertSays(f, "after the close it touched its state: clear at LateRuns$Cache.flush:");
    }

    @Test
    void shutdownNowStopsTheDelayedTask() throws Exception {
        AgentRun.Result r = run(LateRuns.class, "after-shutdown-now");
        assertTrue(r.stdout().contains("terminated=true"), r.transcript());
        assertClean(r);
    }

    @Test
    void backgroundJobAgainstAClosedSession() throws Exception {
        AgentRun.Result r = run(LateRuns.class, "closed-session");
        List<JsonNode> all = r.findings(KIND);
        assertEquals(2, all.size(), r.transcript());
        JsonNode atClose = all.stream().filter(f -> f.at("/resource/event").asText().equals("closed")).findFirst().orElseThrow();
        assertEquals("background", atClose.at("/resource/schedule").asText());
        assertAccess(atClose, 0, "submit", LateRuns.class, "@prefetch-submit");
        JsonNode ran = all.stream().filter(f -> f.at("/resource/event").asText().equals("ran-after-close")).findFirst().orElseThrow();
        assertEquals("background-worker", ran.at("/accesses/2/thread").asText());
        assertAccess(ran, 3, "computeIfAbsent", LateRuns.class, "@session-load");
    }

    @Test
    void jobWithItsOwnSessionIsClean() throws Exception {
        assertClean(run(LateRuns.class, "own-session"));
    }

    @Test
    void taskRunningWhenAnotherThreadClosesItsOwner() throws Exception {
        JsonNode f = single(run(LateRuns.class, "running-across-close"));
        assertEvent(f, "ran-after-close");
        assertAccess(f, 0, "execute", LateRuns.class, "@upload-execute");
        assertAccess(f, 3, "put", LateRuns.class, "@upload-touch");
        assertSays(f, "was running on uploader when");
    }

    /**
     * Netty's channel close hands the peer's close to the peer's event loop, and its pipeline's teardown hops
     * from one handler's executor to the next: the close's own work, running after it returned (Netty 4.1's
     * transport suite gave two errors and six warnings of this shape).
     */
    @ParameterizedTest
    @ValueSource(strings = {"handed-over-by-close", "handed-on-before-tracked"})
    void workACloseHandsOverIsTheCloseNotWorkLeftBehind(String mode) throws Exception {
        AgentRun.Result r = run(AsyncClose.class, mode);
        assertTrue(r.stdout().contains("handlers left=0"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    @Test
    void theSameWorkHandedOverBeforeTheCloseIsLeftBehindByIt() throws Exception {
        AgentRun.Result r = run(AsyncClose.class, "handed-over-before-close");
        List<JsonNode> all = r.findings(KIND);
        JsonNode ran = all.stream().filter(f -> f.at("/resource/event").asText().equals("ran-after-close"))
            .filter(f -> f.at("/accesses/0/site/line").asInt() == line(AsyncClose.class, "@teardown-execute"))
            .findFirst().orElseThrow(() -> new AssertionError(r.transcript()));
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        // Reported at the map it changed, not at the owner's lock taken first (see CheckedRunner).
        assertAccess(ran, 3, "remove", AsyncClose.class, "@teardown-remove");
    }

    /**
     * A close called on main that goes on on an event loop: a static helper hands it to the loop (Netty's
     * safeExecute), and the loop hands the peer's close on (LocalChannel.doClose:246, reported at the
     * channel's close in Netty 4.1's transport and handler suites, and again at the destroy() of the
     * pipeline that holds the channel).
     */
    @ParameterizedTest
    @ValueSource(strings = {"close-handed-to-the-loop", "close-handed-to-the-loop-then-destroyed"})
    void workACloseHandsOverFromTheThreadItHandedItselfToIsTheClose(String mode) throws Exception {
        AgentRun.Result r = run(AsyncClose.class, mode);
        assertTrue(r.stdout().contains("peers left=0"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    @Test
    void theSameHandOffMadeBeforeTheCloseIsLeftBehindByIt() throws Exception {
        AgentRun.Result r = run(AsyncClose.class, "disconnect-handed-to-the-loop");
        JsonNode ran = withEvent(r.findings(KIND), "ran-after-close");
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        assertAccess(ran, 0, "execute", AsyncClose.class, "@peer-close-execute");
        assertEquals("close", ran.at("/accesses/1/op").asText(), ran.toString());
        assertEquals("main", ran.at("/accesses/1/thread").asText(), ran.toString());
        assertAccess(ran, 3, "remove", AsyncClose.class, "@peer-close-remove");
    }

    /**
     * One-shot work queued before the close that runs after it and touches nothing of the owner's: in
     * flight, not left behind (LocalChannel.runFinishPeerReadTask:434 in Netty 4.1's suites), whether its
     * run falls in the close's grace (a long one) or after it (a grace of 1 ms: SslHandler.executeDelegatedTask's
     * task waited over a second for its executor's thread after a handshake timeout closed the channel).
     */
    @ParameterizedTest
    @ValueSource(strings = {"closeGraceMs=600000", "closeGraceMs=1"})
    void backgroundWorkInFlightAtTheCloseThatTouchesNothingIsClean(String grace) throws Exception {
        AgentRun.Result r = run(InFlightWork.class, "delivered-after-close", grace);
        assertTrue(r.stdout().contains("peer got=[hello]"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    @ParameterizedTest
    @ValueSource(strings = {"closeGraceMs=600000", "closeGraceMs=1"})
    void backgroundWorkInFlightThatTouchesTheClosedOwnerIsReported(String grace) throws Exception {
        AgentRun.Result r = run(InFlightWork.class, "touches-owner-after-close", grace);
        JsonNode ran = withEvent(r.findings(KIND), "ran-after-close");
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        assertAccess(ran, 0, "execute", InFlightWork.class, "@finish-execute");
        assertAccess(ran, 1, "close", InFlightWork.class, "@channel-close");
        assertAccess(ran, 3, "remove", InFlightWork.class, "@finish-touch");
    }

    /**
     * The same in-flight work queued by one of the owner's own tasks before the close (LocalChannel.doClose:246
     * run from the channel's own task, handed to its peer's loop): work from before the close, clean too.
     */
    @Test
    void backgroundWorkAnOwnTaskQueuedBeforeTheCloseIsCleanToo() throws Exception {
        AgentRun.Result r = run(InFlightWork.class, "relayed-before-close", "closeGraceMs=600000");
        assertTrue(r.stdout().contains("peer got=[hello]"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    /** Background work dropped unrun by its executor's shutdownNow() after the close never ran against the closed owner. */
    @Test
    void backgroundWorkDroppedUnrunAfterTheCloseIsClean() throws Exception {
        AgentRun.Result r = run(InFlightWork.class, "dropped-by-shutdown-now", "closeGraceMs=1");
        assertTrue(r.stdout().contains("dropped=1 terminated=true"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    /** Background work still queued at exit never got to run: left behind by the close, reported at exit's settling. */
    @Test
    void backgroundWorkStillQueuedAtExitIsReported() throws Exception {
        JsonNode f = single(run(InFlightWork.class, "never-delivered", "closeGraceMs=1"));
        assertEvent(f, "closed");
        assertAccess(f, 0, "execute", InFlightWork.class, "@finish-execute");
        assertAccess(f, 1, "close", InFlightWork.class, "@channel-close");
    }

    @Test
    void aDelayedTaskTheCloseLeftThatRunsAfterItIsReportedEvenTouchingNothing() throws Exception {
        JsonNode f = single(run(InFlightWork.class, "delayed-after-close", "closeGraceMs=600000"));
        assertEvent(f, "closed");
        assertEquals("warning", f.get("severity").asText(), f.toString());
        assertAccess(f, 0, "schedule", InFlightWork.class, "@finish-schedule");
        assertAccess(f, 1, "close", InFlightWork.class, "@channel-close");
    }

    /**
     * A task queued before its runner's shutdown that runs after it, takes the runner's lock, finds it
     * shut down and leaves: the check racewatch's advice asks for (ActiveMQ's PooledTaskRunner, an
     * error in activemq-broker 5.18.6's suite). A long grace: the run falls in it whatever the load.
     */
    @Test
    void aTaskThatTakesItsClosedOwnersLockToCheckItAndLeavesIsClean() throws Exception {
        AgentRun.Result r = run(CheckedRunner.class, "checks-owner-after-close", "closeGraceMs=600000");
        assertTrue(r.stdout().contains("iterations=0"), r.transcript());
        assertEquals(List.of(), r.findings(KIND), r.transcript());
    }

    @Test
    void theSameTaskThatWorksOnTheClosedOwnerUnderItsLockIsReportedAtTheMap() throws Exception {
        AgentRun.Result r = run(CheckedRunner.class, "works-after-close", "closeGraceMs=600000");
        assertTrue(r.stdout().contains("iterations=1"), r.transcript());
        JsonNode ran = withEvent(r.findings(KIND), "ran-after-close");
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        assertAccess(ran, 0, "execute", CheckedRunner.class, "@runner-execute");
        assertAccess(ran, 1, "shutdown", CheckedRunner.class, "@runner-shutdown");
        assertAccess(ran, 3, "merge", CheckedRunner.class, "@runner-merge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"closes-itself", "cancelled-while-running", "local-map-across-close", "worker-leaves-after-stop"})
    void taskThatClosesItsOwnerOrIsCancelledWhileRunningIsClean(String mode) throws Exception {
        assertClean(run(LateRuns.class, mode));
    }

    // ---- (c) the owner became unreachable with its periodic task scheduled ----

    @Test
    void ownerCollectedWithItsPeriodicTaskScheduled() throws Exception {
        AgentRun.Result r = run(LostOwners.class, "dropped-sweep");
        assertTrue(r.stdout().contains("owner collected"), r.transcript());
        JsonNode f = single(r);
        assertEvent(f, "owner-collected");
        assertEquals(1, f.get("accesses").size(), f.toString());
        assertAccess(f, 0, "scheduleAtFixedRate", LostOwners.class, "@tick-schedule");
        assertSays(f, "became unreachable");
    }

    @Test
    void anOwnerCollectedAfterItsCloseWasReportedIsOneFinding() throws Exception {
        AgentRun.Result r = run(LostOwners.class, "closed-uncancelled-then-dropped");
        assertTrue(r.stdout().contains("owner collected"), r.transcript());
        JsonNode f = single(r);
        assertEvent(f, "closed");
        assertAccess(f, 0, "scheduleAtFixedRate", LostOwners.class, "@forgetful-schedule");
    }

    @Test
    void collectedOwnerIsNoticedByItsTaskNextRun() throws Exception {
        JsonNode f = single(run(LostOwners.class, "dropped-next-run"));
        assertEvent(f, "owner-collected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed-then-dropped", "one-shot-dropped"})
    void collectedAfterCancelOrWithAOneShotIsClean(String mode) throws Exception {
        assertClean(run(LostOwners.class, mode));
    }

    @ParameterizedTest
    @ValueSource(strings = {"timer-cancels-its-timer", "timer-task-cancels-itself", "future-cancels-itself",
        "timer-task-not-run-again-before-exit", "future-not-run-again-before-exit"})
    void aTaskThatHoldsItsOwnerWeaklyAndCancelsItselfOnceItIsGoneIsClean(String mode) throws Exception {
        assertClean(run(SelfCancelling.class, mode));
    }

    @Test
    void theSameTimerTaskThatKeepsRunningAfterItsOwnerIsGoneIsReported() throws Exception {
        JsonNode f = single(run(SelfCancelling.class, "timer-task-keeps-running"));
        assertEvent(f, "owner-collected");
        assertEquals(1, f.get("accesses").size(), f.toString());
        assertAccess(f, 0, "scheduleAtFixedRate", SelfCancelling.class, "@decay-schedule");
    }

    @Test
    void theSameFutureThatKeepsRunningAfterItsOwnerIsGoneIsReported() throws Exception {
        JsonNode f = single(run(SelfCancelling.class, "future-keeps-running"));
        assertEvent(f, "owner-collected");
        assertAccess(f, 0, "scheduleAtFixedRate", SelfCancelling.class, "@tick-schedule");
    }

    /** The twin of future-not-run-again-before-exit: a task with nothing to notice its owner's collection by. */
    @Test
    void aPeriodicTaskBlindToItsCollectedOwnerIsReportedAtExit() throws Exception {
        JsonNode f = single(run(SelfCancelling.class, "blind-future-not-run-again-before-exit"));
        assertEvent(f, "owner-collected");
        assertAccess(f, 0, "scheduleAtFixedRate", SelfCancelling.class, "@blind-schedule");
    }

    // ---- (d) still scheduled at exit although the owner closed ----

    @Test
    void pollRescheduledAfterCloseIsStillScheduledAtExit() throws Exception {
        JsonNode f = single(run(ExitTasks.class, "reschedules-after-close"));
        assertEvent(f, "exit");
        assertAccess(f, 0, "schedule", ExitTasks.class, "@reschedule");
        assertEquals("poller", f.at("/accesses/0/thread").asText());
        assertAccess(f, 1, "close", ExitTasks.class, "@poller-close");
        assertSays(f, "scheduled it again after the close");
    }

    @Test
    void pollThatChecksItsOwnerIsClean() throws Exception {
        assertClean(run(ExitTasks.class, "checks-closed"));
    }

    // ---- a helper's tasks are charged to the lifecycle object holding it ----

    @Test
    void heartbeatHelperLeftRunningByItsConnectionsClose() throws Exception {
        AgentRun.Result r = run(HeldHelpers.class, "forgets-heartbeat");
        List<JsonNode> all = r.findings(KIND);
        assertEquals(2, all.size(), r.transcript());
        assertEquals(all.size(), r.findings().size(), r.transcript());
        JsonNode atClose = withEvent(all, "closed");
        assertAccess(atClose, 0, "scheduleAtFixedRate", HeldHelpers.class, "@ping-schedule");
        assertAccess(atClose, 1, "close", HeldHelpers.class, "@connection-close");
        assertTrue(atClose.at("/resource/owner").asText().startsWith("testprograms.timers.HeldHelpers$Heartbeat@"), atClose.toString());
        assertTrue(atClose.at("/resource/heldBy").asText().startsWith("testprograms.timers.HeldHelpers$Connection@"), atClose.toString());
        assertEquals("testprograms.timers.HeldHelpers$Connection.heartbeat", atClose.at("/resource/heldIn").asText());
        assertSays(atClose, "HeldHelpers$Connection@");
        assertSays(atClose, "scheduled by its helper HeldHelpers$Connection.heartbeat (HeldHelpers$Heartbeat)");
        JsonNode ran = withEvent(all, "ran-after-close");
        assertAccess(ran, 0, "scheduleAtFixedRate", HeldHelpers.class, "@ping-schedule");
        assertAccess(ran, 1, "close", HeldHelpers.class, "@connection-close");
        assertEquals("run", ran.at("/accesses/2/op").asText());
        assertEquals("pinger", ran.at("/accesses/2/thread").asText());
        assertAccess(ran, 3, "get", HeldHelpers.class, "@ping-touch");
        assertSays(ran, "after the close it touched its state: get at HeldHelpers$Heartbeat.ping:");
    }

    /** An object that refers back to its closer (a bag's listener, the pool) is no helper of it while the closer's own end runs. */
    @Test
    void poolThatClosesItsBagInItsOwnShutdownIsClean() throws Exception {
        assertClean(run(OwnerClosesPart.class, "shuts-down"));
    }

    /** A run the scheduler committed to before the cancel may begin after the close returned: clean. */
    @Test
    void runCommittedBeforeTheCancelThatBeginsAfterTheCloseIsClean() throws Exception {
        assertClean(run(InFlightRun.class, "cancelled-in-flight"));
    }

    /** The same scheduler, with a close that forgets the poll: its run after the close is reported. */
    @Test
    void runStartedAfterACloseThatForgotTheTaskIsReported() throws Exception {
        AgentRun.Result r = run(InFlightRun.class, "forgets");
        JsonNode ran = withEvent(r.findings(KIND), "ran-after-close");
        assertAccess(ran, 0, "scheduleAtFixedRate", InFlightRun.class, "@poll-schedule");
        assertAccess(ran, 1, "close", InFlightRun.class, "@poller-close");
        assertEquals("poller", ran.at("/accesses/2/thread").asText());
        assertAccess(ran, 3, "get", InFlightRun.class, "@poll-touch");
    }

    /**
     * The executor's shutdown right after the close drains the forgotten timeout and a collection
     * follows within the grace: still left behind by the close (racewatch's weak handle to the
     * future was cleared, which once read as "nothing can run it").
     */
    @Test
    void aTimeoutDrainedByTheExecutorsShutdownAfterTheCloseAndCollectedIsStillReported() throws Exception {
        AgentRun.Result r = run(DrainedAfterClose.class, "forgets");
        JsonNode f = single(r);
        assertAccess(f, 0, "schedule", DrainedAfterClose.class, "@drained-schedule");
        assertAccess(f, 1, "close", DrainedAfterClose.class, "@drained-close");
    }

    @Test
    void aTimeoutCancelledByTheCloseThenDrainedAndCollectedIsClean() throws Exception {
        assertClean(run(DrainedAfterClose.class, "cancels"));
    }

    /** What the late run touched is named at the owner's own map, not at a static table of another class it read first. */
    @Test
    void aStaticTableOfAnotherClassIsNotTheClosedOwnersState() throws Exception {
        AgentRun.Result r = run(InFlightRun.class, "forgets-reads-codes-first");
        JsonNode ran = withEvent(r.findings(KIND), "ran-after-close");
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        assertAccess(ran, 3, "get", InFlightRun.class, "@poll-touch");
    }

    @Test
    void connectionThatCancelsItsHelpersPingIsClean() throws Exception {
        assertClean(run(HeldHelpers.class, "stops-heartbeat"));
    }

    @Test
    void helperWithItsOwnStopStartedByTheSessionIsChargedToTheSessionsClose() throws Exception {
        AgentRun.Result r = run(HeldHelpers.class, "forgets-stoppable");
        List<JsonNode> all = r.findings(KIND);
        assertEquals(2, all.size(), r.transcript());
        assertEquals(all.size(), r.findings().size(), r.transcript());
        JsonNode atClose = withEvent(all, "closed");
        assertAccess(atClose, 0, "scheduleAtFixedRate", HeldHelpers.class, "@keepalive-schedule");
        assertAccess(atClose, 1, "close", HeldHelpers.class, "@session-close");
        assertEquals("warning", atClose.get("severity").asText(), atClose.toString());
        assertTrue(atClose.at("/resource/owner").asText().startsWith("testprograms.timers.HeldHelpers$KeepAlive@"), atClose.toString());
        assertTrue(atClose.at("/resource/heldBy").asText().startsWith("testprograms.timers.HeldHelpers$Session@"), atClose.toString());
        assertEquals("testprograms.timers.HeldHelpers$Session.keepAlive", atClose.at("/resource/heldIn").asText());
        assertSays(atClose, "scheduled by its helper HeldHelpers$Session.keepAlive (HeldHelpers$KeepAlive)");
        JsonNode ran = withEvent(all, "ran-after-close");
        assertEquals("error", ran.get("severity").asText(), ran.toString());
        assertAccess(ran, 0, "scheduleAtFixedRate", HeldHelpers.class, "@keepalive-schedule");
        assertAccess(ran, 1, "close", HeldHelpers.class, "@session-close");
        assertEquals("pinger", ran.at("/accesses/2/thread").asText());
        assertAccess(ran, 3, "get", HeldHelpers.class, "@keepalive-touch");
    }

    @Test
    void sessionThatStopsTheHelperItStartedIsClean() throws Exception {
        assertClean(run(HeldHelpers.class, "stops-stoppable"));
    }

    @Test
    void aSessionThatOnlyRefersToARunningServiceLeavesItToItsOwnStop() throws Exception {
        assertClean(run(HeldHelpers.class, "shares-service"));
    }

    /** A worker shared by several owners (RxJava's computation pool worker): an owner's own task left by its dispose() is its. */
    @Test
    void anOwnersOwnTaskLeftOnASharedWorkerByItsDisposeIsReported() throws Exception {
        AgentRun.Result r = run(SharedWorkers.class, "own-task-left");
        List<JsonNode> all = r.findings(KIND);
        assertEquals(all.size(), r.findings().size(), r.transcript());
        assertFalse(all.isEmpty(), r.transcript());
        JsonNode atClose = withEvent(all, "closed");
        assertAccess(atClose, 0, "schedule", SharedWorkers.class, "@pool-schedule");
        assertAccess(atClose, 1, "dispose", SharedWorkers.class, "@worker-dispose");
        assertTrue(atClose.at("/resource/heldBy").asText().startsWith("testprograms.timers.SharedWorkers$Worker@"), atClose.toString());
        assertEquals("testprograms.timers.SharedWorkers$Worker.pool", atClose.at("/resource/heldIn").asText());
    }

    /** Work handed to the shared worker directly (RxJava's scheduleDirect) is no owner's: a disposed owner is charged its own only. */
    @Test
    void anOwnerIsChargedOnlyItsOwnTaskOnASharedWorkerNotTheWorkHandedToItDirectly() throws Exception {
        JsonNode f = single(run(SharedWorkers.class, "own-and-direct"));
        assertAccess(f, 0, "schedule", SharedWorkers.class, "@pool-schedule");
        assertAccess(f, 1, "dispose", SharedWorkers.class, "@worker-dispose");
    }

    @Test
    void anOwnerThatCancelsItsOwnTaskOnASharedWorkerIsClean() throws Exception {
        assertClean(run(SharedWorkers.class, "direct-task"));
    }

    /** A one-shot task cancelled before its record was made is not kept alive by racewatch (Artemis's testScheduledPoolGC). */
    @Test
    void aCancelledOneShotIsCollectedOnceDropped() throws Exception {
        assertClean(run(CancelledTaskCollected.class, "cancelled-collected"));
    }

    /**
     * A scheduling facade (an Executor with no end of its own, Hazelcast's DelegatingTaskScheduler)
     * hands its callers' work on: held by a closing object, or dropped after one call, it owns none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"shared", "throwaway"})
    void aSchedulingFacadeOwnsNoneOfTheWorkItHandsOn(String mode) throws Exception {
        assertClean(run(SharedSchedulers.class, mode));
    }

    // ---- an executor's own shutdown() lets the work it handed on run ----

    @ParameterizedTest
    @ValueSource(strings = {"delaying-shutdown", "flag-shutdown"})
    void workAnExecutorHandedOnRunsAfterItsShutdownAsItsContractSays(String mode) throws Exception {
        assertClean(run(ExecutorShutdowns.class, mode));
    }

    @Test
    void theSameDelayedWorkOfAnObjectThatIsNoExecutorIsReported() throws Exception {
        JsonNode f = single(run(ExecutorShutdowns.class, "not-an-executor"));
        assertAccess(f, 0, "schedule", ExecutorShutdowns.class, "@delaying-schedule");
        assertAccess(f, 1, "shutdown", ExecutorShutdowns.class, "@delaying-shutdown");
    }

    @Test
    void anExecutorsOwnOneShotLeftByItsShutdownIsReported() throws Exception {
        JsonNode f = single(run(ExecutorShutdowns.class, "housekeeping"));
        assertAccess(f, 0, "schedule", ExecutorShutdowns.class, "@purge-schedule");
    }

    @Test
    void aPeriodicTaskAnExecutorHandedOnAndLeftScheduledByItsShutdownIsReported() throws Exception {
        JsonNode f = single(run(ExecutorShutdowns.class, "periodic-after-flag-shutdown"));
        // Its first run after the shutdown may come before the close's verdict is filed: either names it.
        assertTrue(List.of("closed", "ran-after-close").contains(f.at("/resource/event").asText()), f.toString());
        assertAccess(f, 0, "scheduleAtFixedRate", ExecutorShutdowns.class, "@flag-periodic");
        assertAccess(f, 1, "shutdown", ExecutorShutdowns.class, "@flag-shutdown");
    }

    /** A facade with an end of its own, held by an object that hands it work: the holder answers for its own work only. */
    @Test
    void aHolderOfASharedFacadeIsNotChargedTheFacadesOtherWork() throws Exception {
        assertClean(run(SharedSchedulers.class, "held-with-its-own-end"));
    }

    @Test
    void theSameHolderThatForgetsItsOwnWorkIsChargedWithItAlone() throws Exception {
        JsonNode f = single(run(SharedSchedulers.class, "holder-forgets-its-own-refresh"));
        assertEvent(f, "closed");
        assertAccess(f, 0, "scheduleAtFixedRate", SharedSchedulers.class, "@facade-schedule");
        assertAccess(f, 1, "close", SharedSchedulers.class, "@holder-close");
        assertTrue(f.at("/resource/heldBy").asText().contains("SharedSchedulers$Holder"), f.toString());
        assertEquals(3_600_000, f.at("/resource/periodMs").asLong(), "the holder's hourly refresh, not the tick: " + f);
    }

    private static JsonNode withEvent(List<JsonNode> findings, String event) {
        return findings.stream().filter(f -> f.at("/resource/event").asText().equals(event)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + event + " finding in " + findings));
    }

    // ---- the host is never broken ----

    @Test
    void everySchedulingCallRunsAsWithoutTheAgent() throws Exception {
        AgentRun.Result r = run(EveryShape.class, "every-shape");
        assertTrue(r.stdout().contains("callable ran") && r.stdout().contains("supplied 12"), r.transcript());
        assertTrue(r.stdout().contains("timer task cancelled true"), r.transcript());
        assertFalse(r.stderr().contains("Error") || r.stderr().contains("Exception"), r.transcript());
        assertClean(r);
    }
}
