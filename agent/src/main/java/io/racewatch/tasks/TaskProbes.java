package io.racewatch.tasks;

import io.racewatch.order.SyncProbes;
import io.racewatch.order.SyncVars;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import jdk.internal.vm.annotation.DontInline;

/**
 * Probes inserted around task hand-offs (executors, thread builders, CompletableFuture stages):
 * each task is wrapped to carry happens-before from its submission to its run and from its end
 * to its future's readers. Called from rewritten bytecode only; none throws.
 */
public final class TaskProbes {
    private TaskProbes() {
    }

    /**
     * After {@code Future.get} on a future that is not the JDK's: it was bound to the wrapped
     * task that completes it. The JDK's futures (FutureTask, ForkJoinTask, CompletableFuture)
     * order from inside their own code and are skipped here.
     */
    public static void futureGot(Object future, int site) {
        if (ordersItself(future)) {
            return;
        }
        SyncProbes.acquire(future, site);
    }

    /**
     * The JDK's futures (FutureTask, and so every executor's and scheduler's future, ForkJoinTask,
     * CompletableFuture) order their completion before their readers from inside their own code
     * (io.racewatch.order): they need no binding to the task's wrapper, which saves a weak-table
     * entry per submitted task.
     */
    private static boolean ordersItself(Object future) {
        return future instanceof FutureTask || future instanceof ForkJoinTask || future instanceof CompletableFuture;
    }

    /**
     * Wraps a task argument (Runnable, Callable, Supplier, Function, ...) so that its run is ordered
     * after this point and its end before its future's get. {@code source} is the receiver when it
     * is a future whose completion the task waits for (CompletableFuture stages), else null.
     */
    public static Object wrapTask(Object task, Object source, int site) {
        return wrap(task, source, site, false);
    }

    /** {@link #wrapTask} for a BiFunction or BiConsumer argument. */
    public static Object wrapBiTask(Object task, Object source, int site) {
        return wrap(task, source, site, true);
    }

    private static Object wrap(Object task, Object source, int site, boolean twoArguments) {
        if (!SamplingWindows.open()) {
            return task;
        }
        return SamplingWindows.sampling() ? wrapInWindow(task, source, site, twoArguments) : wrapRecorded(task, source, site, twoArguments);
    }

    /** In-window part of {@link #wrap}, kept out of the application's compiled code (see SyncProbes). */
    @DontInline
    private static Object wrapInWindow(Object task, Object source, int site, boolean twoArguments) {
        return wrapRecorded(task, source, site, twoArguments);
    }

    private static Object wrapRecorded(Object task, Object source, int site, boolean twoArguments) {
        if (task == null || task instanceof WrappedTask) {
            return task;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return task;
        }
        try {
            if (!Wrappable.wrappable(task, twoArguments)) {
                ts.pendingTasks = null; // nothing of this call to bind its future to
                return task;
            }
            Object src = source instanceof Future ? source : null;
            WrappedTask wrapped = twoArguments
                ? new HbBiTask(task, ts, src, site)
                : new HbTask(task, ts, src, site);
            ts.tick();
            if (task instanceof Future) {
                SyncVars.bind(task, wrapped.done()); // execute(futureTask): its get() waits for this run
            }
            ts.pendingTasks = wrapped;
            return wrapped;
        } catch (Throwable failure) {
            Faults.report("task probe", failure);
            return task;
        } finally {
            ts.exit();
        }
    }

    /** invokeAll and invokeAny: wraps every task of the collection, in order. */
    public static Object wrapTasks(Object tasks, Object source, int site) {
        if (!(tasks instanceof Collection) || !SamplingWindows.open()) {
            return tasks;
        }
        List<Object> wrapped = new ArrayList<>();
        List<Object> pending = new ArrayList<>();
        for (Object t : (Collection<?>) tasks) {
            Object w = wrapTask(t, null, site);
            wrapped.add(w);
            pending.add(w);
        }
        ThreadState ts = ThreadState.current();
        ts.pendingTasks = pending;
        return wrapped;
    }

    /** After a submit-like call: the returned future (or list of futures) completes when its task ends. */
    @SuppressWarnings("unchecked")
    public static void futureReturned(Object result, Object receiver, int site) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                futureReturnedInWindow(result);
            } else {
                futureReturnedRecorded(result);
            }
        }
    }

    @DontInline
    private static void futureReturnedInWindow(Object result) {
        futureReturnedRecorded(result);
    }

    private static void futureReturnedRecorded(Object result) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            bindPending(ts, result);
        } catch (Throwable failure) {
            Faults.report("future probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * Binds what a submit-like call returned to the task wrappers made for the call, and returns
     * the wrapper when there was exactly one (a call that returns nothing binds nothing).
     */
    @SuppressWarnings("unchecked")
    public static WrappedTask bindPending(ThreadState ts, Object result) {
        Object pending = ts.pendingTasks;
        ts.pendingTasks = null;
        if (pending instanceof WrappedTask && result != null && !(result instanceof List) && !ordersItself(result)) {
            SyncVars.bind(result, ((WrappedTask) pending).done());
        } else if (pending instanceof List && result instanceof List) {
            List<Object> tasks = (List<Object>) pending;
            List<Object> futures = (List<Object>) result;
            for (int i = 0; i < Math.min(tasks.size(), futures.size()); i++) {
                if (tasks.get(i) instanceof WrappedTask) {
                    SyncVars.bind(futures.get(i), ((WrappedTask) tasks.get(i)).done());
                }
            }
        }
        return pending instanceof WrappedTask w ? w : null;
    }
}
