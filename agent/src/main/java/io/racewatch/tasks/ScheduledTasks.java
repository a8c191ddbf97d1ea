package io.racewatch.tasks;

import io.racewatch.tasks.WrappedTask;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.JdkState;
import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import io.racewatch.runtime.WeakIdentityTable;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The table of tracked tasks and of their owners. Bounded ({@link Tracking#maxTasks}): tasks
 * that are done or cancelled are dropped, checked every so many registrations and whenever the
 * table is full; a full table after that is reported and later tasks go untracked. Owners,
 * futures, timer tasks and executors are all held weakly. (Timers' own bookkeeping is in
 * {@link TimerTasks}.)
 */
public final class ScheduledTasks {
    // Counted through VarHandles, not the JDK's atomics: those are hooked (to order the
    // application's), and each of racewatch's own updates would pass a probe.
    private static final java.lang.invoke.VarHandle SEQ;
    private static final java.lang.invoke.VarHandle REGISTRATIONS;
    @SuppressWarnings("unused")
    private static volatile long seq;
    @SuppressWarnings("unused")
    private static volatile int registrations;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            SEQ = lookup.findStaticVarHandle(ScheduledTasks.class, "seq", long.class);
            REGISTRATIONS = lookup.findStaticVarHandle(ScheduledTasks.class, "registrations", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final int PURGE_EVERY = 1024;
    /** Purges in a row that found the table full and freed nothing (racy: a lost update only moves the next purge). */
    private static int fullPurges;
    /** Walks of the table so far (a test counts them; racy, as it only grows). */
    static int purges;
    private static final WeakIdentityTable<OwnerState> OWNERS = new WeakIdentityTable<>();
    private static final Set<ScheduledTask> LIVE = ConcurrentHashMap.newKeySet();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** Where tasks that outlive their owners are told; plain: set once at start-up, before any application thread runs. */
    static TaskEvents events = TaskEvents.NONE;

    private ScheduledTasks() {
    }

    /** Sends closes, late runs, collected owners and tasks left at exit to {@code detector} from now on. */
    public static void reportTo(TaskEvents detector) {
        events = detector;
    }

    /** Orders scheduling events (schedule, run, close, touch) across threads for the findings' history. */
    static long nextSeq() {
        return (long) SEQ.getAndAdd(1L) + 1;
    }

    /**
     * Tracks a task just handed over by {@code caller} (or by the owner named through
     * {@link Owners#scheduledFor}). Background work is tracked only for owners whose class has a
     * lifecycle end: only a close can make it late. Nor is work an {@link Executor} without one
     * schedules: such an owner is a facade handing its callers' work on.
     *
     * @param handle    what tells whether the task is still scheduled: its future, timer task or wrapper
     * @param scheduler its executor or timer, or null
     * @param wrapped   racewatch's wrapper of the task, or null (timer tasks, timeouts)
     */
    static void register(ThreadState ts, Object caller, Object handle, Object scheduler, WrappedTask wrapped,
                         Schedule schedule, String taskClass, int site) {
        Object owner = ts.scopeOwner != null ? ts.scopeOwner : caller;
        if (owner == null || handle == null) {
            return;
        }
        if (handle instanceof Future<?> f && (!canAsk(f) || f.isDone())) {
            // An application's own future (a mock, a framework's) cannot be asked whether it is
            // still scheduled without running its code: such a task is not tracked.
            return;
        }
        boolean lifecycle = Lifecycles.hasFor(owner);
        if (ts.scopeOwner == null && !lifecycle
            && (schedule.kind() == Schedule.Kind.BACKGROUND || owner instanceof Executor)) {
            // An Executor with no end of its own (Hazelcast's DelegatingTaskScheduler) is a facade that
            // hands its callers' work on: the work is theirs, and neither the facade being dropped nor
            // the close of an object holding it (shared, node-wide) says anything about it.
            return;
        }
        HeldHelpers.scheduledBy(owner);
        // Whether a holder started it, asked at the holder's close: the walk is of this thread's stack, now.
        Class<?>[] from = lifecycle ? HeldHelpers.callerClasses(site) : null;
        // Asked now, on the scheduling thread: whether the owner's own close is handing this work over,
        // here or through a task that close handed to this thread (a close that goes on elsewhere).
        boolean inClose = schedule.kind() == Schedule.Kind.BACKGROUND
            && (Closing.inProgress(ts, owner) || CloseHandOffs.running(ts, owner));
        // An executor's one-shot work for its callers is what its shutdown() lets run (ShutdownDrains):
        // told now, from this thread's stack. Others pay the instanceof.
        boolean forCallers = lifecycle && owner instanceof Executor && ShutdownDrains.drainable(schedule)
            && CallerWork.handedOn(owner, site);
        if (DeferredTasks.deferrable(schedule, handle, ts.tid)) {
            Registration before = DeferredTasks.takeOwn(ts.tid);
            Registration r = before != null && before.refersTo(owner)
                ? before.fill(ts, handle, scheduler, wrapped, schedule, taskClass, site, from) // the same owner's next call
                : new Registration(ts, owner, handle, scheduler, wrapped, schedule, taskClass, site, from);
            r.inClose = inClose;
            r.forCallers = forCallers;
            Stacks.rememberAt(site, ts.tid, r.thread);
            DeferredTasks.put(r, before != null);
        } else {
            Registration r = new Registration(ts, owner, handle, scheduler, wrapped, schedule, taskClass, site, from);
            r.inClose = inClose;
            r.forCallers = forCallers;
            Stacks.rememberAt(site, ts.tid, r.thread);
            registerNow(r);
        }
    }

    /** {@link JdkState#canAskFuture}, the last future class's answer kept (a site's futures are of one class). */
    private static boolean canAsk(Future<?> f) {
        return ASKABLE.of(f);
    }

    private static final LastClassAnswer<Boolean> ASKABLE = new LastClassAnswer<>() {
        @Override
        Boolean lookUp(Object future) {
            return JdkState.canAskFuture(future);
        }
    };

    /** Makes the record of the scheduling call {@code r} (on its thread, or later: {@link DeferredTasks}). */
    static void registerNow(Registration r) {
        Object owner = r.get();
        if (owner == null) {
            return; // collected while its call waited: a one-shot task outlives no one it could be reported for
        }
        HeldHelpers.siteKeepsTasks(r.site);
        drainCollected();
        OwnerState state = ownerState(owner);
        if (state == null || !roomForOne()) {
            return;
        }
        ScheduledTask from = r.runningTaskOf(state);
        // The close's own work goes on in what it hands over: background work the owner's close
        // hands over, and background work such a task hands over in turn (Netty's pipeline
        // teardown hops between the handlers' executors), are the close, not work left behind.
        boolean background = r.schedule.kind() == Schedule.Kind.BACKGROUND;
        boolean partOfClose = r.inClose || (from != null && background && from.partOfClose());
        // A running task with no record yet (it began before its scheduling call returned): asked later.
        WrappedTask unsettled = from == null && background && !r.inClose ? r.runningUntracked() : null;
        if (state.closed() != null && from == null && !partOfClose) {
            state.reopen(); // the close's own work going on after it returned is no restart
        }
        ScheduledTask task = new ScheduledTask(r, owner, state, from != null && !partOfClose, partOfClose, unsettled, COLLECTED);
        task.scheduledFrom = r.scheduledFrom;
        task.fromOwnRun = from != null;
        state.add(task);
        LIVE.add(task);
        if (r.handle instanceof TimerTask) {
            TimerTasks.tracked(r.handle, task);
        }
        WrappedTask wrapped = r.wrapped();
        if (wrapped != null) {
            wrapped.track(task);
        }
    }

    private static OwnerState ownerState(Object owner) {
        OwnerState known = OWNERS.get(owner);
        if (known != null) {
            return known;
        }
        if (OWNERS.size() >= Tracking.maxOwners && OWNERS.sizeOfLive() >= Tracking.maxOwners) {
            Limits.hit("task owners", Tracking.maxOwners, "objects that schedule work after it are not tracked");
            return null;
        }
        return OWNERS.putIfAbsent(owner, new OwnerState(OwnerState.nameOf(owner)));
    }

    /**
     * The owner's record if it ever scheduled tracked work, else null. The scheduling calls still
     * waiting for their records ({@link DeferredTasks}) are settled first: a close asks this.
     */
    static OwnerState stateOf(Object owner) {
        settleDeferred();
        return OWNERS.get(owner);
    }

    /** Makes the records of the scheduling calls still waiting ({@link DeferredTasks}): before owners' tasks are read. */
    static void settleDeferred() {
        DeferredTasks.settleAll();
    }

    private static boolean roomForOne() {
        int n = (int) REGISTRATIONS.getAndAdd(1) + 1;
        if ((n & (PURGE_EVERY - 1)) == 0) {
            purge();
        }
        if (LIVE.size() < Tracking.maxTasks) {
            if (fullPurges != 0) {
                fullPurges = 0; // written only when set: every scheduling thread passes here
            }
            return true;
        }
        // A full table walked on every call is quadratic: RxJava's cancelledTaskRetention schedules
        // 100 000 day-long tasks and timed out under the agent. Each purge that freed nothing
        // doubles the calls until the next one (up to PURGE_EVERY); a freed slot starts over.
        int failed = fullPurges;
        if (failed == 0 || (n & (Math.min(1 << Math.min(failed, 30), PURGE_EVERY) - 1)) == 0) {
            purge();
            if (LIVE.size() < Tracking.maxTasks) {
                fullPurges = 0;
                return true;
            }
            fullPurges = failed + 1;
        }
        Limits.hit("scheduled tasks", Tracking.maxTasks, "tasks scheduled after it are not tracked");
        return false;
    }

    /** Drops tasks that are done or cancelled, and settles those whose owner was collected. */
    static void purge() {
        purges++;
        for (ScheduledTask t : LIVE) {
            if (t.ownerGone()) {
                collected(t);
                continue;
            }
            TaskStatus s = t.status();
            if (s == TaskStatus.DONE || s == TaskStatus.CANCELLED) {
                drop(t);
            }
        }
    }

    static void drop(ScheduledTask t) {
        if (LIVE.remove(t)) {
            t.owner.remove(t);
        }
    }

    public static void finished(ScheduledTask t) {
        t.finished();
        drop(t);
    }

    private static void drainCollected() {
        Object ref;
        while ((ref = COLLECTED.poll()) != null) {
            collected((ScheduledTask) ref);
        }
    }

    private static void collected(ScheduledTask t) {
        if (LIVE.remove(t)) {
            t.owner.remove(t);
            TestContext own = chargeTo(t.context);
            try {
                events.ownerCollected(t);
            } finally {
                chargeTo(own);
            }
        }
    }

    /** Makes {@code context} the current thread's, for the finding about to be made; returns the one it had. */
    static TestContext chargeTo(TestContext context) {
        ThreadState ts = ThreadState.current();
        TestContext own = ts.context;
        ts.context = context;
        return own;
    }

    /**
     * The still-live tasks of an owner that its close may have left behind, their done and cancelled
     * ones dropped on the way; the close's own work ({@link ScheduledTask#partOfClose()}) is not among them.
     */
    static List<ScheduledTask> liveTasksOf(OwnerState owner) {
        List<ScheduledTask> out = new ArrayList<>();
        for (ScheduledTask t : owner.tasks()) {
            TaskStatus s = t.status();
            if (s == TaskStatus.DONE || s == TaskStatus.CANCELLED) {
                drop(t);
            } else if (!t.partOfClose()) {
                out.add(t);
            }
        }
        return out;
    }

    // ---- checks on demand and at exit ----

    /** Settles every task whose owner has been collected by now (see {@link Owners#sweep()}). */
    static void sweep() {
        settleDeferred();
        drainCollected();
        for (ScheduledTask t : LIVE) {
            if (t.ownerGone()) {
                collected(t);
            }
        }
    }

    /** At JVM exit: owners collected with periodic tasks scheduled, and closed owners' tasks still scheduled. */
    public static void atExit() {
        try {
            sweep(); // settles the waiting calls first
            for (ScheduledTask t : LIVE) {
                Closed closed = t.owner.closed();
                if (closed != null && !t.partOfClose() && t.status() == TaskStatus.PENDING) {
                    TestContext own = chargeTo(t.context);
                    try {
                        events.stillScheduledAtExit(t, closed);
                    } finally {
                        chargeTo(own);
                    }
                }
            }
        } catch (Throwable failure) {
            Faults.report("scheduled tasks at exit", failure);
        }
    }

    static int tracked() {
        settleDeferred();
        return LIVE.size();
    }
}
