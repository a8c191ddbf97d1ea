package io.racewatch.tasks;

import io.racewatch.order.JdkCounters;
import io.racewatch.order.SyncProbes;
import io.racewatch.order.SyncVars;
import io.racewatch.tasks.WrappedTask;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.WeakIdentityTable;

import java.util.Date;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jdk.internal.vm.annotation.DontInline;

/**
 * Probes after the calls that hand work to run later or elsewhere, and around lifecycle-end
 * methods and timer tasks' runs. Each scheduling probe receives the call's result (if any), its
 * receiver, the caller's {@code this} (the task's owner, null in static code) and the call's
 * arguments. Called from rewritten bytecode only; none throws.
 */
public final class SchedulingProbes {
    /** Executors made by {@code CompletableFuture.delayedExecutor}, with their delay in nanoseconds. */
    private static final WeakIdentityTable<Long> DELAYED_EXECUTORS = new WeakIdentityTable<>();
    /** Computed once per class: the name is wanted at every scheduling call. */
    private static final ClassValue<String> TASK_CLASS_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String name = type.getName();
            int slash = name.indexOf('/');
            name = slash < 0 ? name : name.substring(0, slash);
            int lambda = name.indexOf("$$Lambda");
            return lambda < 0 ? name : name.substring(0, lambda + "$$Lambda".length());
        }
    };

    private SchedulingProbes() {
    }

    // ---- executors ----

    public static void execute(Object executor, Object caller, Runnable task, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(null, executor, caller, backgroundOn(executor, "execute"), site);
    }

    public static void submit(Object future, Object executor, Object caller, Runnable task, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.background("submit"), site);
    }

    public static void submit(Object future, Object executor, Object caller, Runnable task, Object result, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.background("submit"), site);
    }

    public static void submit(Object future, Object executor, Object caller, Callable<?> task, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.background("submit"), site);
    }

    public static void schedule(Object future, Object executor, Object caller, Runnable task, long delay, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.once("schedule", delay, unit), site);
    }

    public static void schedule(Object future, Object executor, Object caller, Callable<?> task, long delay, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.once("schedule", delay, unit), site);
    }

    public static void scheduleAtFixedRate(Object future, Object executor, Object caller, Runnable task, long initialDelay,
                                           long period, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.periodic("scheduleAtFixedRate", true, initialDelay, period, unit), site);
    }

    public static void scheduleWithFixedDelay(Object future, Object executor, Object caller, Runnable task, long initialDelay,
                                              long delay, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, Schedule.periodic("scheduleWithFixedDelay", false, initialDelay, delay, unit), site);
    }

    // ---- CompletableFuture ----

    public static void runAsync(Object future, Object none, Object caller, Runnable task, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, null, caller, Schedule.background("runAsync"), site);
    }

    public static void runAsync(Object future, Object none, Object caller, Runnable task, Executor executor, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, backgroundOn(executor, "runAsync"), site);
    }

    public static void supplyAsync(Object future, Object none, Object caller, Supplier<?> task, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, null, caller, Schedule.background("supplyAsync"), site);
    }

    public static void supplyAsync(Object future, Object none, Object caller, Supplier<?> task, Executor executor, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        handed(future, executor, caller, backgroundOn(executor, "supplyAsync"), site);
    }

    public static void delayedExecutor(Object executor, Object none, Object caller, long delay, TimeUnit unit, int site) {
        delayed(executor, delay, unit);
    }

    public static void delayedExecutor(Object executor, Object none, Object caller, long delay, TimeUnit unit, Executor base, int site) {
        delayed(executor, delay, unit);
    }

    public static void orTimeout(Object result, Object future, Object caller, long timeout, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timeout(future, caller, new Schedule("orTimeout", Schedule.Kind.TIMEOUT, unit.toNanos(timeout), 0), site);
    }

    public static void completeOnTimeout(Object result, Object future, Object caller, Object value, long timeout, TimeUnit unit, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timeout(future, caller, new Schedule("completeOnTimeout", Schedule.Kind.TIMEOUT, unit.toNanos(timeout), 0), site);
    }

    // ---- java.util.Timer ----

    public static void timerSchedule(Object timer, Object caller, TimerTask task, long delay, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.once("schedule", delay, TimeUnit.MILLISECONDS), site);
    }

    public static void timerSchedule(Object timer, Object caller, TimerTask task, Date time, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.once("schedule", untilMillis(time), TimeUnit.MILLISECONDS), site);
    }

    public static void timerSchedule(Object timer, Object caller, TimerTask task, long delay, long period, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.periodic("schedule", false, delay, period, TimeUnit.MILLISECONDS), site);
    }

    public static void timerSchedule(Object timer, Object caller, TimerTask task, Date first, long period, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.periodic("schedule", false, untilMillis(first), period, TimeUnit.MILLISECONDS), site);
    }

    public static void timerScheduleAtFixedRate(Object timer, Object caller, TimerTask task, long delay, long period, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.periodic("scheduleAtFixedRate", true, delay, period, TimeUnit.MILLISECONDS), site);
    }

    public static void timerScheduleAtFixedRate(Object timer, Object caller, TimerTask task, Date first, long period, int site) {
        if (!SamplingWindows.open()) {
            return; // between windows: no schedule built, no look-up
        }
        timer(timer, caller, task, Schedule.periodic("scheduleAtFixedRate", true, untilMillis(first), period, TimeUnit.MILLISECONDS), site);
    }

    /** Timer.cancel(): every task of the timer is discarded. */
    public static void timerCancel(Object timer, Object caller, int site) {
        SyncProbes.guardedAlways(timer, site, (ts, t, s) -> TimerTasks.timerCancelled(t), "timer probe");
    }

    /** TimerTask.cancel(): whatever it returns, the task will not run again. */
    public static void timerTaskCancel(boolean result, Object task, Object caller, int site) {
        SyncProbes.guardedAlways(task, site, (ts, t, s) -> TimerTasks.cancelled(t), "timer probe");
    }

    // ---- method boundaries ----

    /** Entry of a lifecycle-end method ({@code close}, {@code stop}, {@code @PreDestroy}, ...). */
    public static void lifecycleBegins(Object owner, int site) {
        SyncProbes.guarded(owner, site, Closing::begins, "lifecycle probe");
    }

    /** Exit of a lifecycle-end method, by return or by exception. */
    public static void lifecycleEnds(Object owner, int site) {
        SyncProbes.guarded(owner, site, Closing::ends, "lifecycle probe");
    }

    /** Entry of an application TimerTask's run(): ordered after its scheduling. */
    public static void timerTaskBegins(Object task, int site) {
        SyncProbes.guarded(task, site, TimerTasks::runBegins, "timer task probe");
    }

    public static void timerTaskEnds(Object task, int site) {
        SyncProbes.guarded(task, site, TimerTasks::runEnds, "timer task probe");
    }

    // ---- common ----

    /** Work handed to an executor: its future is bound to the task's end, then the task is tracked. */
    private static void handed(Object future, Object executor, Object caller, Schedule schedule, int site) {
        track(Handover.EXECUTOR, future, executor, caller, schedule, site);
    }

    private static void timer(Object timer, Object caller, TimerTask task, Schedule schedule, int site) {
        track(Handover.TIMER, task, timer, caller, schedule, site);
    }

    private static void timeout(Object future, Object caller, Schedule schedule, int site) {
        track(Handover.TIMEOUT, future, null, caller, schedule, site);
    }

    /** What receives the work, which decides what stands for the task. */
    private enum Handover { EXECUTOR, TIMER, TIMEOUT }

    /**
     * @param handle the executor's future (null for execute), the timer task, or the future that times out
     */
    private static void track(Handover to, Object handle, Object scheduler, Object caller, Schedule schedule, int site) {
        if (SamplingWindows.sampling()) {
            trackInWindow(to, handle, scheduler, caller, schedule, site);
        } else {
            trackRecorded(to, handle, scheduler, caller, schedule, site);
        }
    }

    @DontInline // in-window work, kept out of the application's compiled code (see SyncProbes)
    private static void trackInWindow(Handover to, Object handle, Object scheduler, Object caller, Schedule schedule, int site) {
        trackRecorded(to, handle, scheduler, caller, schedule, site);
    }

    private static void trackRecorded(Handover to, Object handle, Object scheduler, Object caller, Schedule schedule, int site) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            WrappedTask wrapped = null;
            String taskClass;
            if (to == Handover.EXECUTOR) {
                if (scheduler instanceof ScheduledThreadPoolExecutor) {
                    JdkCounters.findSequencer(); // its class is initialized now: the counter is skipped from here on
                }
                wrapped = TaskProbes.bindPending(ts, handle);
                handle = handle != null ? handle : wrapped;
                taskClass = wrapped == null ? null : taskClass(wrapped.task());
            } else {
                taskClass = taskClass(handle);
                if (to == Handover.TIMER) {
                    SyncVars.of(ts, handle).release(ts); // what the scheduler did happens-before the task's run
                }
            }
            ScheduledTasks.register(ts, caller, handle, scheduler, wrapped, schedule, taskClass, site);
        } catch (Throwable failure) {
            Faults.report("scheduling probe", failure);
        } finally {
            ts.exit();
        }
    }

    private static void delayed(Object executor, long delay, TimeUnit unit) {
        if (executor != null && unit != null) {
            DELAYED_EXECUTORS.putIfAbsent(executor, unit.toNanos(delay));
        }
    }

    /** Work on a delayed executor runs once after its delay; elsewhere it is plain background work. */
    private static Schedule backgroundOn(Object executor, String op) {
        Long delay = executor == null ? null : DELAYED_EXECUTORS.get(executor);
        return delay == null ? Schedule.background(op) : Schedule.once(op, delay, TimeUnit.NANOSECONDS);
    }

    private static long untilMillis(Date time) {
        return time == null ? 0 : time.getTime() - System.currentTimeMillis();
    }

    /** The task's class as a person would name it: a lambda's hidden-class suffix dropped. */
    static String taskClass(Object task) {
        return task == null ? null : TASK_CLASSES.of(task);
    }

    private static final LastClassAnswer<String> TASK_CLASSES = new LastClassAnswer<>() {
        @Override
        String lookUp(Object task) {
            return TASK_CLASS_NAMES.get(task.getClass());
        }
    };
}
