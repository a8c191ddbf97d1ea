package io.racewatch.order;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;
import jdk.internal.vm.annotation.DontInline;

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
        if (target != null && SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                guardedInWindow(target, site, step, where);
            } else {
                guardedRecorded(target, site, step, where);
            }
        }
    }

    @DontInline
    private static void guardedInWindow(Object target, int site, Step step, String where) {
        guardedRecorded(target, site, step, where);
    }

    private static void guardedRecorded(Object target, int site, Step step, String where) {
        runEntered(ThreadState.enter(), target, site, step, where);
    }

    /**
     * Runs {@code step} for a thread that entered the guard ({@code ts}, null when it may not). Out of line:
     * the JIT inlines the steps it saw here (timer tasks' run, lifecycle ends: several KB), and inlined, they
     * were compiled into both {@code guardedRecorded} and this method (reactive, test mode: 13.4 and 12.3 KB of
     * machine code, session 14); one copy is enough.
     */
    @DontInline
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

    /** {@link #guarded} in and out of sampling windows (cancellations: a task must not look scheduled for ever). */
    public static void guardedAlways(Object target, int site, Step step, String where) {
        if (target != null) {
            runEntered(ThreadState.enterAlways(), target, site, step, where);
        }
    }

    // ---- generic release / acquire on the receiver ----

    // The hottest probes (generic release/acquire, volatile fields) are written out rather than
    // passed through guarded(): a Step call shared by every probe is megamorphic, so the JIT can
    // inline none of them there.
    //
    // Each probe is split in two: the public part checks the sampling window and is all the JIT
    // inlines into the application's code; the in-window part is @DontInline. A probe method's
    // profile is shared by every call site, so once any window opened the JIT would otherwise
    // inline the whole recording path (thread look-up, clocks, vars) into every hot method that
    // calls a probe: several times the method's own code, compiled at several times the cost,
    // and too big to be inlined into its own callers, for code that runs between windows.

    public static void release(Object o, int site) {
        if ((SamplingWindows.state() & 1) != 0) { // one read and one branch inlined: see OrderProbes.volatileRead
            releaseInWindow(o, site);
        }
    }

    @DontInline
    private static void releaseInWindow(Object o, int site) {
        if (o != null) {
            releaseRecorded(o, site);
        }
    }

    private static void releaseRecorded(Object o, int site) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVar var = SyncVars.of(ts, o);
            if (JdkLocks.heldHere(o)) {
                var.releaseExclusive(ts); // a ReentrantLock's holder: the lock orders every event of its var
            } else {
                var.release(ts);
            }
        } catch (Throwable failure) {
            Faults.report("release probe", failure);
        } finally {
            ts.exit();
        }
    }

    public static void acquire(Object o, int site) {
        if ((SamplingWindows.state() & 1) != 0) { // one read and one branch inlined: see OrderProbes.volatileRead
            acquireInWindow(o, site);
        }
    }

    @DontInline
    private static void acquireInWindow(Object o, int site) {
        if (o != null) {
            acquireRecorded(o, site);
        }
    }

    private static void acquireRecorded(Object o, int site) {
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

    /** Result of a lock-returning call (readLock, writeLock, newCondition) synchronizes with its receiver. */
    public static void bindToReceiver(Object result, Object receiver, int site) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                bindToReceiverInWindow(result, receiver, site);
            } else {
                bindToReceiverRecorded(result, receiver, site);
            }
        }
    }

    @DontInline
    private static void bindToReceiverInWindow(Object result, Object receiver, int site) {
        bindToReceiverRecorded(result, receiver, site);
    }

    private static void bindToReceiverRecorded(Object result, Object receiver, int site) {
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
        if ((SamplingWindows.state() & 1) != 0) {
            volatileWriteInWindow(fieldId);
        }
    }

    @DontInline
    private static void volatileWriteInWindow(int fieldId) {
        volatileWriteRecorded(fieldId);
    }

    private static void volatileWriteRecorded(int fieldId) {
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
        if ((SamplingWindows.state() & 1) != 0) {
            volatileReadInWindow(fieldId);
        }
    }

    @DontInline
    private static void volatileReadInWindow(int fieldId) {
        volatileReadRecorded(fieldId);
    }

    private static void volatileReadRecorded(int fieldId) {
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

    // Named classes, not method references: each is a class spun when first run (racewatch's own exit thread starts one).
    private static final Step STARTED = new Step() {
        @Override
        public void run(ThreadState ts, Object thread, int site) {
            started(ts, thread, site);
        }
    };
    private static final Step JOINED = new Step() {
        @Override
        public void run(ThreadState ts, Object thread, int site) {
            joined(ts, thread, site);
        }
    };

    public static void threadStarting(Object thread, int site) {
        if (thread instanceof Thread) {
            guarded(thread, site, STARTED, "thread start probe");
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
            guarded(thread, site, JOINED, "thread join probe");
        }
    }

    private static void joined(ThreadState ts, Object thread, int site) {
        ThreadState ended = ThreadRegistry.stateOf((Thread) thread);
        if (ended != null && ended.tid >= 0) {
            ts.join(ended.vcNow());
            ts.joinEntry(ended.tid, ended.own);
        }
    }

}
