package io.racewatch.tasks;

import io.racewatch.detect.CloseVerdicts;
import io.racewatch.detect.Detectors;
import io.racewatch.order.VectorClocks;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table of scheduled tasks and the rules of timer-outlives-owner, driven through a thread
 * state in a written-down order, with real executors, futures and timers (nothing runs: delays
 * are an hour).
 */
class ScheduledTasksTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    private static final Schedule EVERY_HOUR = Schedule.periodic("scheduleAtFixedRate", true, 1, 1, TimeUnit.HOURS);
    private static final Schedule IN_AN_HOUR = Schedule.once("schedule", 1, TimeUnit.HOURS);

    private final ThreadState main = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final int maxTasks = Tracking.maxTasks;

    /** An owner of a class with a lifecycle end (registered as the rewriter would). */
    static final class Owner implements AutoCloseable {
        static {
            Lifecycles.register(Owner.class.getName());
        }

        @Override
        public void close() {
        }
    }

    /** An owner with no lifecycle end. */
    static final class Plain {
    }

    @AfterEach
    void restore() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS); // its tasks are then done for every later test
        Tracking.maxTasks = maxTasks;
    }

    private static int site(int line) {
        return Sites.register("com.acme.Scheduler", "start", "Scheduler.java", line, null);
    }

    private ScheduledTask schedule(Object owner, Object handle, Object scheduler, Schedule s, int site) {
        ScheduledTasks.register(main, owner, handle, scheduler, null, s, "com.acme.Task", site);
        Object named = main.scopeOwner != null ? main.scopeOwner : owner;
        OwnerState state = named == null ? null : ScheduledTasks.stateOf(named);
        if (state == null) {
            return null;
        }
        return state.tasks().stream().filter(t -> t.site == site).findFirst().orElse(null);
    }

    private ScheduledFuture<?> hourly() {
        return executor.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);
    }

    private void close(Object owner, int site) {
        close(main, owner, site);
    }

    private static void close(ThreadState by, Object owner, int site) {
        Closing.begins(by, owner, site);
        Closing.ends(by, owner, site);
    }

    private static List<Finding> findingsAbout(Object owner) {
        CloseVerdicts.settleAll(); // a close's verdict waits for its grace: give it now
        String name = OwnerState.nameOf(owner);
        return Findings.all().stream().filter(f -> name.equals(f.resource().details().get("owner"))).toList();
    }

    @Test
    void statusFollowsTheFutureTheExecutorAndTheTimer() {
        Owner owner = new Owner();
        ScheduledFuture<?> cancelled = hourly();
        ScheduledTask a = schedule(owner, cancelled, executor, EVERY_HOUR, site(1));
        assertEquals(TaskStatus.PENDING, a.status());
        cancelled.cancel(false);
        assertEquals(TaskStatus.CANCELLED, a.status());

        CompletableFuture<String> timeout = new CompletableFuture<>();
        ScheduledTask b = schedule(owner, timeout, null, IN_AN_HOUR, site(2));
        timeout.complete("answered");
        assertEquals(TaskStatus.DONE, b.status());

        Timer timer = new Timer(true);
        TimerTask tick = timerTask();
        timer.schedule(tick, 3_600_000L, 3_600_000L);
        ScheduledTask c = schedule(owner, tick, timer, EVERY_HOUR, site(3));
        assertEquals(TaskStatus.PENDING, c.status());
        TimerTasks.timerCancelled(timer);
        timer.cancel();
        assertEquals(TaskStatus.CANCELLED, c.status());

        ScheduledTask periodic = schedule(owner, hourly(), executor, EVERY_HOUR, site(4));
        ScheduledTask delayed = schedule(owner, executor.schedule(() -> { }, 1, TimeUnit.HOURS), executor, IN_AN_HOUR, site(5));
        executor.shutdown();
        assertEquals(TaskStatus.CANCELLED, periodic.status(), "shutdown() cancels periodic tasks");
        assertEquals(TaskStatus.SHUT_DOWN, delayed.status(), "shutdown() still runs delayed one-shots");
    }

    @Test
    void aOneShotThatHasBegunIsNoLongerScheduled() {
        Owner owner = new Owner();
        ScheduledTask t = schedule(owner, new Object(), null, IN_AN_HOUR, site(10));
        t.runs(ScheduledTasks.nextSeq(), "worker");
        assertEquals(TaskStatus.RUNNING, t.status());
    }

    @Test
    void aTimerTaskThatRanBeforeItWasTrackedIsNotScheduled() {
        Owner owner = new Owner();
        TimerTask ended = timerTask();
        TimerTasks.ranUntracked(ended, false);
        TimerTasks.ranUntracked(ended, true);
        assertNull(schedule(owner, ended, null, IN_AN_HOUR, site(15)), "it ran to its end: nothing left to track");
        TimerTask running = timerTask();
        TimerTasks.ranUntracked(running, false);
        assertEquals(TaskStatus.RUNNING, schedule(owner, running, null, IN_AN_HOUR, site(16)).status());
        ScheduledTask tracked = schedule(owner, timerTask(), null, IN_AN_HOUR, site(17));
        assertEquals(TaskStatus.PENDING, tracked.status());
    }

    private static TimerTask timerTask() {
        return new TimerTask() {
            @Override
            public void run() {
            }
        };
    }

    @Test
    void closeWithAPendingTaskIsReportedAndACancelledOneIsNot() {
        Owner leaky = new Owner();
        Owner careful = new Owner();
        schedule(leaky, hourly(), executor, EVERY_HOUR, site(20));
        ScheduledFuture<?> cancelled = hourly();
        schedule(careful, cancelled, executor, EVERY_HOUR, site(21));
        cancelled.cancel(false);

        close(leaky, site(22));
        close(careful, site(23));

        List<Finding> found = findingsAbout(leaky);
        assertEquals(1, found.size());
        assertEquals("timer-outlives-owner", found.get(0).kind());
        assertEquals("closed", found.get(0).resource().details().get("event"));
        assertEquals(3_600_000L, found.get(0).resource().details().get("periodMs"));
        assertEquals(List.of(), findingsAbout(careful));
        assertFalse(ScheduledTasks.stateOf(careful).hasTasks(), "the cancelled task was dropped");
    }

    @Test
    void aOneShotTimeoutCancelledBeforeAnyoneAsksGetsNoRecordAndOneStillScheduledIsSeenByTheClose() {
        Owner owner = new Owner();
        int before = ScheduledTasks.tracked();
        ScheduledFuture<?> cleared = executor.schedule(() -> { }, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, owner, cleared, executor, null, IN_AN_HOUR, "com.acme.Timeout", site(60));
        cleared.cancel(false); // the timeout cleared on success
        ScheduledFuture<?> left = executor.schedule(() -> { }, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, owner, left, executor, null, IN_AN_HOUR, "com.acme.Timeout", site(61));
        assertEquals(before + 1, ScheduledTasks.tracked(), "a record for the timeout left scheduled only");

        close(owner, site(62));
        List<Finding> found = findingsAbout(owner);
        assertEquals(1, found.size(), found.toString());
        assertEquals("timer-outlives-owner", found.get(0).kind());
        assertEquals("closed", found.get(0).resource().details().get("event"));
    }

    @Test
    void aThreadsOneShotCallsForOneOwnerEachKeepTheirOwnRecord() {
        // The thread's call settled at its next call is filled again for that call: the record
        // made from it must keep what it was (its site, its place in order), not the next call's.
        Owner owner = new Owner();
        int before = ScheduledTasks.tracked();
        int[] sites = {site(65), site(66), site(67)};
        for (int s : sites) {
            ScheduledTasks.register(main, owner, executor.schedule(() -> { }, 1, TimeUnit.HOURS), executor, null, IN_AN_HOUR,
                "com.acme.Timeout", s);
        }
        ScheduledFuture<?> cleared = executor.schedule(() -> { }, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, owner, cleared, executor, null, IN_AN_HOUR, "com.acme.Timeout", site(68));
        cleared.cancel(false);
        assertEquals(before + 3, ScheduledTasks.tracked(), "the three left scheduled, not the cancelled one");
        List<ScheduledTask> tasks = ScheduledTasks.stateOf(owner).tasks();
        assertEquals(List.of(sites[0], sites[1], sites[2]), tasks.stream().map(t -> t.site).sorted().toList());
        assertEquals(3, tasks.stream().mapToLong(t -> t.seq).distinct().count(), tasks.toString());
        assertTrue(tasks.stream().allMatch(t -> t.status() == TaskStatus.PENDING), tasks.toString());
    }

    @Test
    void aOneShotTaskWaitingForItsRecordIsSeenByACloseOnAnotherThread() throws Exception {
        Owner owner = new Owner();
        ScheduledFuture<?> left = executor.schedule(() -> { }, 1, TimeUnit.HOURS);
        ScheduledTasks.register(main, owner, left, executor, null, IN_AN_HOUR, "com.acme.Timeout", site(70));
        ThreadState closer = new ThreadState(1, 1, VectorClocks.EMPTY);
        Thread t = new Thread(() -> close(closer, owner, site(71)));
        t.start();
        t.join();
        List<Finding> found = findingsAbout(owner);
        assertEquals(1, found.size(), found.toString());
        assertEquals("timer-outlives-owner", found.get(0).kind());
    }

    @Test
    void onlyTheOutermostLifecycleMethodOfAnObjectEndsIt() {
        Owner owner = new Owner();
        ScheduledFuture<?> future = hourly();
        schedule(owner, future, executor, EVERY_HOUR, site(30));
        int outer = site(31);
        int inner = site(32);
        Closing.begins(main, owner, outer);
        Closing.begins(main, owner, inner); // super.close()
        Closing.ends(main, owner, inner);
        assertNull(ScheduledTasks.stateOf(owner).closed(), "a subclass's close() is still running");
        future.cancel(false);
        Closing.ends(main, owner, outer);
        assertEquals(outer, ScheduledTasks.stateOf(owner).closed().site());
        assertEquals(List.of(), findingsAbout(owner));
    }

    @Test
    void backgroundWorkIsTrackedOnlyForOwnersThatCanClose() {
        Plain plain = new Plain();
        Owner owner = new Owner();
        Schedule submit = Schedule.background("submit");
        assertNull(schedule(plain, new CompletableFuture<>(), executor, submit, site(40)));
        assertNotNull(schedule(owner, new CompletableFuture<>(), executor, submit, site(41)));
        main.scopeOwner = plain; // Owners.scheduledFor(plain): named owners are always tracked
        try {
            assertNotNull(schedule(null, new CompletableFuture<>(), executor, submit, site(42)));
        } finally {
            main.scopeOwner = null;
        }
        assertNull(schedule(null, hourly(), executor, EVERY_HOUR, site(43)), "static code without a scope owns nothing");
    }

    @Test
    void schedulingAgainAfterTheCloseReopensTheOwnerUnlessItsOwnTaskDoesIt() {
        Owner restarted = new Owner();
        schedule(restarted, new CompletableFuture<>(), null, IN_AN_HOUR, site(50));
        close(restarted, site(51));
        schedule(restarted, new CompletableFuture<>(), null, IN_AN_HOUR, site(52));
        assertNull(ScheduledTasks.stateOf(restarted).closed(), "start() after stop() begins a new life");

        Owner continued = new Owner();
        ScheduledTask first = schedule(continued, new CompletableFuture<>(), null, IN_AN_HOUR, site(53));
        close(continued, site(54));
        main.taskRun = new TaskRun(first, null, ScheduledTasks.nextSeq(), "worker", 0, null);
        try {
            ScheduledTask next = schedule(continued, new CompletableFuture<>(), null, IN_AN_HOUR, site(55));
            assertTrue(next.continuation);
            assertNotNull(ScheduledTasks.stateOf(continued).closed(), "a task of the closed owner rescheduling itself");
        } finally {
            main.taskRun = null;
        }
    }

    @Test
    void aTouchCountsOnceTheOwnerIsClosedByAnotherThreadOrBeforeTheRun() {
        Closed byOther = new Closed(100, "main", 7, 1, "close", null);
        Closed bySelf = new Closed(100, "worker", 3, 1, "close", null);
        Closed before = new Closed(10, "main", 7, 1, "close", null);
        TaskRun running = new TaskRun(null, null, 50, "worker", 3, null);
        assertSame(byOther, running.closeBefore(byOther));
        assertNull(running.closeBefore(bySelf), "the task closed its own owner and goes on");
        assertNull(running.closeBefore(before), "closed before the run began, and then reopened");
        assertNull(running.closeBefore(null));
        TaskRun late = new TaskRun(null, null, 50, "worker", 3, before);
        assertSame(bySelf, late.closeBefore(bySelf), "a run that began after the close touches a closed owner");
    }

    /** Caps the table {@code room} tasks above what it holds and fills it for {@code owner}: the first task's future. */
    private ScheduledFuture<?> fillUp(Object owner, int room, int line) {
        ScheduledTasks.purge(); // earlier tests' tasks: their executors have terminated
        Tracking.maxTasks = ScheduledTasks.tracked() + room;
        ScheduledFuture<?> first = hourly();
        assertNotNull(schedule(owner, first, executor, EVERY_HOUR, site(line)));
        boolean full = false;
        for (int i = 0; i < 10 && !full; i++) { // whatever earlier tests left behind, it fills up
            full = schedule(owner, hourly(), executor, EVERY_HOUR, site(line + 1)) == null;
        }
        assertTrue(full, "beyond the cap, tasks go untracked");
        return first;
    }

    @Test
    void theTableIsBoundedAndDropsCancelledTasksFirst() {
        Owner owner = new Owner();
        ScheduledFuture<?> first = fillUp(owner, 3, 60);
        assertTrue(Limits.hits().stream().anyMatch(h -> h.contains("scheduled tasks")));
        first.cancel(false);
        assertNotNull(schedule(owner, hourly(), executor, EVERY_HOUR, site(62)), "the cancelled one made room");
    }

    @Test
    void aFullTableIsNotWalkedOnEveryCall() {
        Owner owner = new Owner();
        ScheduledFuture<?> first = fillUp(owner, 2, 63);
        int before = ScheduledTasks.purges;
        for (int i = 0; i < 4096; i++) { // RxJava's cancelledTaskRetention: 100 000 pending tasks
            ScheduledTasks.register(main, owner, hourly(), executor, null, EVERY_HOUR, "com.acme.Task", site(64));
        }
        assertTrue(ScheduledTasks.purges - before < 64, "purges: " + (ScheduledTasks.purges - before));
        first.cancel(false);
        boolean tracked = false;
        for (int i = 0; i <= 1024 && !tracked; i++) { // a slot freed is found again within PURGE_EVERY calls
            tracked = schedule(owner, hourly(), executor, EVERY_HOUR, site(65)) != null;
        }
        assertTrue(tracked, "the cancelled task's slot is used again");
    }

    @Test
    void trackingNeverKeepsAnOwnerAliveAndACollectedOwnerIsReported() {
        WeakReference<Owner> ref = scheduleForAnOwnerNobodyKeeps(site(70));
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "racewatch kept the owner reachable");
        ScheduledTasks.sweep();
        io.racewatch.detect.CloseVerdicts.settleAll(); // its verdict waits for its next run (an hour) or exit
        List<Finding> found = Findings.all().stream()
            .filter(f -> "owner-collected".equals(f.resource().details().get("event")) && f.accesses().get(0).site().line == 70).toList();
        assertEquals(1, found.size());
    }

    private WeakReference<Owner> scheduleForAnOwnerNobodyKeeps(int site) {
        Owner owner = new Owner();
        schedule(owner, hourly(), executor, EVERY_HOUR, site);
        return new WeakReference<>(owner);
    }

    @Test
    void aCloseAtASharedSiteKeepsItsOwnCallersStack() {
        // A base class's close (Jetty's AbstractLifeCycle.stop) is one site called from everywhere:
        // each owner's close must show its own caller, not the first one seen at the site on the thread.
        int site = site(80);
        Owner first = new Owner();
        Owner second = new Owner();
        schedule(first, hourly(), executor, EVERY_HOUR, site(81));
        schedule(second, hourly(), executor, EVERY_HOUR, site(82));
        java.util.Optional.of(first).ifPresent(o -> close(o, site)); // this package's frames are left out: the JDK's tell the callers apart
        List.of(second).forEach(o -> close(o, site));
        String firstStack = String.join("\n", ScheduledTasks.stateOf(first).closed().stack());
        String secondStack = String.join("\n", ScheduledTasks.stateOf(second).closed().stack());
        assertTrue(firstStack.contains("Optional.ifPresent"), firstStack);
        assertTrue(secondStack.contains("forEach"), secondStack);
        assertFalse(secondStack.contains("Optional.ifPresent"), secondStack);
    }

    @Test
    void schedulesConvertTheirUnits() {
        Schedule s = Schedule.periodic("scheduleWithFixedDelay", false, 2, 3, TimeUnit.SECONDS);
        assertEquals(Schedule.Kind.FIXED_DELAY, s.kind());
        assertTrue(s.kind().periodic());
        assertEquals(2_000_000_000L, s.delayNanos());
        assertEquals(3_000_000_000L, s.periodNanos());
        assertEquals(0, Schedule.once("schedule", -5, TimeUnit.SECONDS).delayNanos(), "a negative delay runs at once");
        assertFalse(Schedule.background("submit").kind().periodic());
    }

    @Test
    void lambdaTaskClassesLoseTheirHiddenSuffix() {
        Runnable lambda = () -> { };
        assertEquals(ScheduledTasksTest.class.getName() + "$$Lambda", SchedulingProbes.taskClass(lambda));
        assertEquals(Plain.class.getName(), SchedulingProbes.taskClass(new Plain()));
        assertNull(SchedulingProbes.taskClass(null));
    }
}
