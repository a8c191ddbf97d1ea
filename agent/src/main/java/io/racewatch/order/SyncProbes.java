package io.racewatch.order;

import io.racewatch.locks.LightHolds;
import io.racewatch.locks.LockTracker;
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

/**
 * Probes inserted around the application's synchronization calls, recording the
 * happens-before edges they create. Called from rewritten bytecode only; none throws.
 *
 * <p>Naming: {@code release} runs before a call that publishes (unlock, countDown, put),
 * {@code acquire} after a call that receives (lock, await, take, get).
 */
public final class SyncProbes {
    private static SyncVar[] volatileFields = new SyncVar[64];

    /** One probe's work on the current thread's state; passed as a method reference, so it allocates nothing. */
    @FunctionalInterface
    public interface Step {
        void run(ThreadState ts, Object target, int site);
    }

    private SyncProbes() {
    }

    /** Runs {@code step} inside the probe guard; whatever it throws stays here. */
    public static void guarded(Object target, int site, Step step, String where) {
        if (target != null) {
            runEntered(ThreadState.enter(), target, site, step, where);
        }
    }

    /** Runs {@code step} for a thread that entered the guard ({@code ts}, null when it may not). */
    private static void runEntered(ThreadState ts, Object target, int site, Step step, String where) {
        if (ts == null) {
            return;
        }
        try {
            step.run(ts, target, site);
        } catch (Throwable failure) {
            Faults.report(where, failure);
        } finally {
            ts.exit();
        }
    }

    /** What a lock probe reports: selects the tracker's and the light timing's method without a lambda. */
    private static final int REQUESTED = 0;
    private static final int ACQUIRED = 1;
    private static final int TRIED = 2;
    private static final int RELEASING = 3;
    private static final int WAIT_BEGINS = 4;
    private static final int WAIT_ENDED = 5;

    /**
     * {@link #guarded} for lock probes, which see every call in staging mode too: the light hold
     * timing always, the full tracking ({@link LockTracker}) inside sampling windows only.
     * {@code event} is a constant at each caller, so once inlined each switch is one branch.
     */
    private static void lockEvent(Object lock, int site, int event, String where) {
        if (lock == null) {
            return;
        }
        ThreadState ts = ThreadState.enterAlways();
        if (ts == null) {
            return;
        }
        try {
            if (SamplingWindows.staging()) {
                switch (event) {
                    case ACQUIRED, TRIED -> LightHolds.acquired(ts, lock, site);
                    case RELEASING -> LightHolds.releasing(ts, lock, site);
                    case WAIT_BEGINS -> LightHolds.waitBegins(ts, lock, site);
                    case WAIT_ENDED -> LightHolds.waitEnded(ts, lock, site);
                    default -> { }
                }
                if (!ts.inWindow()) {
                    return;
                }
            }
            switch (event) {
                case REQUESTED -> LockTracker.requested(ts, lock, site);
                case ACQUIRED -> LockTracker.acquired(ts, lock, site);
                case TRIED -> LockTracker.tried(ts, lock, site);
                case RELEASING -> LockTracker.releasing(ts, lock, site);
                case WAIT_BEGINS -> LockTracker.waitBegins(ts, lock, site);
                default -> LockTracker.waitEnded(ts, lock, site);
            }
        } catch (Throwable failure) {
            Faults.report(where, failure);
        } finally {
            ts.exit();
        }
    }

    /** {@link #guarded} in and out of sampling windows (cancellations: a task must not look scheduled for ever). */
    public static void guardedAlways(Object target, int site, Step step, String where) {
        if (target != null) {
            runEntered(ThreadState.enterAlways(), target, site, step, where);
        }
    }

    // ---- generic release / acquire on the receiver ----

    // The hottest probes (generic release/acquire, volatile fields, locks) are written out rather
    // than passed through guarded(): a Step call shared by every probe is megamorphic, so the JIT
    // can inline none of them there.

    public static void release(Object o, int site) {
        if (o == null) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVars.of(ts, o).release(ts);
        } catch (Throwable failure) {
            Faults.report("release probe", failure);
        } finally {
            ts.exit();
        }
    }

    public static void acquire(Object o, int site) {
        if (o == null) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVars.of(ts, o).acquire(ts);
        } catch (Throwable failure) {
            Faults.report("acquire probe", failure);
        } finally {
            ts.exit();
        }
    }

    /** After a call that received only when it returned true (tryAcquire, await with timeout). */
    public static void acquireIf(boolean received, Object o, int site) {
        if (received) {
            acquire(o, site);
        }
    }

    /** A concurrent queue's insertion publishes the element (plain queues carry no ordering). */
    public static void queuePut(Object queue, int site) {
        if (isConcurrent(queue)) {
            release(queue, site);
        }
    }

    /** A concurrent queue's removal receives the element's publication. */
    public static void queueTook(Object element, Object queue, int site) {
        if (element != null && isConcurrent(queue)) {
            acquire(queue, site);
        }
    }

    private static boolean isConcurrent(Object queue) {
        return queue != null && queue.getClass().getName().startsWith("java.util.concurrent.");
    }

    // ---- locks and monitors ----

    /** Before monitorenter and Lock.lock: the wait starts. */
    public static void lockRequested(Object lock, int site) {
        lockEvent(lock, site, REQUESTED, "lock probe");
    }

    public static void lockAcquired(Object lock, int site) {
        lockEvent(lock, site, ACQUIRED, "lock probe");
    }

    /** After {@code tryLock}: held when it returned true, and no lock-order edge leads to it (it could give up). */
    public static void tryLockAcquired(boolean acquired, Object lock, int site) {
        if (acquired) {
            lockEvent(lock, site, TRIED, "lock probe");
        }
    }

    /** StampedLock's blocking acquisitions: a zero stamp means the lock was not acquired. */
    public static void stampAcquired(long stamp, Object lock, int site) {
        if (stamp != 0L) {
            lockAcquired(lock, site);
        }
    }

    /** StampedLock's {@code tryWriteLock}/{@code tryReadLock}: as {@link #tryLockAcquired}, with a stamp. */
    public static void tryStampAcquired(long stamp, Object lock, int site) {
        if (stamp != 0L) {
            lockEvent(lock, site, TRIED, "lock probe");
        }
    }

    public static void lockReleasing(Object lock, int site) {
        lockEvent(lock, site, RELEASING, "unlock probe");
    }

    /** Object.wait and Condition.await give the lock up while waiting. */
    public static void waitBegins(Object lock, int site) {
        lockEvent(lock, site, WAIT_BEGINS, "wait probe");
    }

    /** The wait is over and the lock held again. */
    public static void waitEnded(Object lock, int site) {
        lockEvent(lock, site, WAIT_ENDED, "wait probe");
    }

    /** Result of a lock-returning call (readLock, writeLock, newCondition) synchronizes with its receiver. */
    public static void bindToReceiver(Object result, Object receiver, int site) {
        if (result == null || receiver == null) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVars.bind(result, SyncVars.of(ts, receiver));
        } catch (Throwable failure) {
            Faults.report("lock binding", failure);
        } finally {
            ts.exit();
        }
    }

    // ---- volatile fields (one var per field, shared by all instances) ----

    public static void volatileWrite(int fieldId) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            volatileVar(fieldId).release(ts);
        } catch (Throwable failure) {
            Faults.report("volatile probe", failure);
        } finally {
            ts.exit();
        }
    }

    public static void volatileRead(int fieldId) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            volatileVar(fieldId).acquire(ts);
        } catch (Throwable failure) {
            Faults.report("volatile probe", failure);
        } finally {
            ts.exit();
        }
    }

    private static SyncVar volatileVar(int fieldId) {
        SyncVar[] vars = volatileFields;
        if (fieldId < vars.length && vars[fieldId] != null) {
            return vars[fieldId];
        }
        synchronized (SyncProbes.class) {
            if (fieldId >= volatileFields.length) {
                volatileFields = java.util.Arrays.copyOf(volatileFields, Math.max(fieldId + 1, volatileFields.length * 2));
            }
            if (volatileFields[fieldId] == null) {
                volatileFields[fieldId] = new SyncVar();
            }
            return volatileFields[fieldId];
        }
    }

    // ---- threads ----

    public static void threadStarting(Object thread, int site) {
        if (thread instanceof Thread) {
            guarded(thread, site, SyncProbes::started, "thread start probe");
        }
    }

    private static void started(ThreadState ts, Object thread, int site) {
        Thread t = (Thread) thread;
        if (t.getState() == Thread.State.NEW) {
            ThreadRegistry.willStart(t, ts.fullClock(), ts.context);
            ts.tick();
        }
    }

    public static void threadJoined(Object thread, int site) {
        if (thread instanceof Thread && !((Thread) thread).isAlive()) { // a timed join that gave up orders nothing
            guarded(thread, site, SyncProbes::joined, "thread join probe");
        }
    }

    private static void joined(ThreadState ts, Object thread, int site) {
        ThreadState ended = ThreadRegistry.stateOf((Thread) thread);
        if (ended != null && ended.tid >= 0) {
            ts.join(ended.vc);
            ts.joinEntry(ended.tid, ended.own);
        }
    }

    // ---- tasks and futures ----

    /**
     * After {@code Future.get} on a future that is not the JDK's: it was bound to the wrapped
     * task that completes it. The JDK's futures (FutureTask, ForkJoinTask, CompletableFuture)
     * order from inside their own code and are skipped here.
     */
    public static void futureGot(Object future, int site) {
        if (future instanceof FutureTask || future instanceof ForkJoinTask || future instanceof CompletableFuture) {
            return;
        }
        acquire(future, site);
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
        if (task == null || task instanceof WrappedTask) {
            return task;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return task;
        }
        try {
            Object src = source instanceof Future ? source : null;
            WrappedTask wrapped = twoArguments
                ? new HbBiTask(task, ts.fullClock(), src, site)
                : new HbTask(task, ts.fullClock(), src, site);
            ts.tick();
            if (task instanceof Future) {
                SyncVars.bind(task, wrapped.done); // execute(futureTask): its get() waits for this run
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
        if (!(tasks instanceof Collection)) {
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
        if (pending instanceof WrappedTask && result != null && !(result instanceof List)) {
            SyncVars.bind(result, ((WrappedTask) pending).done);
        } else if (pending instanceof List && result instanceof List) {
            List<Object> tasks = (List<Object>) pending;
            List<Object> futures = (List<Object>) result;
            for (int i = 0; i < Math.min(tasks.size(), futures.size()); i++) {
                if (tasks.get(i) instanceof WrappedTask) {
                    SyncVars.bind(futures.get(i), ((WrappedTask) tasks.get(i)).done);
                }
            }
        }
        return pending instanceof WrappedTask w ? w : null;
    }
}
