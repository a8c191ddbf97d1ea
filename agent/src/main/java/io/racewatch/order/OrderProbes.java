package io.racewatch.order;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.SamplingWindows;
import io.racewatch.runtime.ThreadState;

import java.lang.invoke.VarHandle;
import jdk.internal.vm.annotation.DontInline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Probes called from inside the JDK's own synchronizers (see {@link OrderPoints}): each records
 * one happens-before edge on the synchronizer object, through the same clocks as the call-site
 * probes. None throws; each runs inside the probe guard of {@link SyncProbes}.
 *
 * <p>Naming follows {@link SyncProbes}: {@code release} before the write that publishes,
 * {@code acquire} after the read that receives.
 */
public final class OrderProbes {
    /** Site id for edges made inside the JDK: they have no call site of the application's. */
    private static final int NO_SITE = 0;
    /** FutureTask.COMPLETING: a state above it is final (outcome written). */
    private static final int FUTURE_COMPLETING = 1;
    /** FutureTask.CANCELLED: this state and those above it (interrupting, interrupted) mean cancelled. */
    private static final int FUTURE_CANCELLED = 4;
    /**
     * The one var every FutureTask's cancellation releases into, instead of a var per task: most
     * tasks cancelled (timeouts cleared on success) are never looked at again by another thread,
     * and a var per task costs a weak-table entry. A thread that sees a task cancelled is ordered
     * after every cancellation so far, not only that task's: this can hide a race between a
     * canceller and whoever sees another task cancelled, never invent one.
     */
    private static final SyncVar CANCELLATIONS = new SyncVar();

    private OrderProbes() {
    }

    public static void release(Object sync) {
        SyncProbes.release(sync, NO_SITE);
    }

    public static void acquire(Object sync) {
        SyncProbes.acquire(sync, NO_SITE);
    }

    /** After a method that returns true when it received (tryAcquireNanos, tryLock, isTerminated...). */
    public static void acquireIf(boolean received, Object sync) {
        if (received) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    /** After AQS's internal acquire loop: a positive result means acquired. */
    public static void acquireIfPositive(int result, Object sync) {
        if (result > 0) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    /** After Semaphore's non-fair try: a non-negative result means the permits were taken. */
    public static void acquireIfNonNegative(int result, Object sync) {
        if (result >= 0) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    /** After a latch's count read: zero means every countDown happened before. */
    public static void acquireIfZero(int count, Object sync) {
        if (count == 0) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    /** After a method that returns what it received, or null (a worker's getTask). */
    public static void acquireIfPresent(Object received, Object sync) {
        if (received != null) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    /** After a StampedLock method that returns a stamp: zero means nothing was acquired. */
    public static void acquireIfNonZero(long stamp, Object sync) {
        if (stamp != 0L) {
            SyncProbes.acquire(sync, NO_SITE);
        }
    }

    // ---- atomics (called on every atomic operation of the JVM: kept to the fewest checks) ----

    /**
     * Before an atomic's write or read-modify-write: what this thread did happens-before whoever
     * reads the value. No lambda here, nor anything else linked on first use outside the guard:
     * linking uses atomics itself, and would come back here.
     */
    public static void atomicWrite(Object atomic) {
        if ((SamplingWindows.state() & 1) != 0) { // open, without the nested calls: see volatileRead
            atomicWriteInWindow(atomic);
        }
    }

    @DontInline
    private static void atomicWriteInWindow(Object atomic) {
        atomicWriteRecorded(atomic);
    }

    private static void atomicWriteRecorded(Object atomic) {
        if (JdkCounters.isOne(atomic)) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVar var = DiagSkips.NO_ATOMIC_VARS ? SyncVars.existing(ts, atomic) : SyncVars.of(ts, atomic);
            if (var != null) {
                var.release(ts);
            }
        } catch (Throwable failure) {
            Faults.report("atomic probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * After an atomic's read or read-modify-write: ordered after every write released into it.
     * An atomic nobody else released into has no var, and none is made.
     */
    public static void atomicRead(Object atomic) {
        if ((SamplingWindows.state() & 1) != 0) { // open, without the nested calls: see volatileRead
            atomicReadInWindow(atomic);
        }
    }

    @DontInline
    private static void atomicReadInWindow(Object atomic) {
        atomicReadRecorded(atomic);
    }

    private static void atomicReadRecorded(Object atomic) {
        if (JdkCounters.isOne(atomic)) {
            return;
        }
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            SyncVar var = SyncVars.existing(ts, atomic);
            if (var != null) {
                var.acquire(ts);
            }
        } catch (Throwable failure) {
            Faults.report("atomic probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * Before a volatile, ordered or atomic write to a field or element of {@code o} made outside
     * the JDK's atomics ({@code sun.misc.Unsafe}, a VarHandle, a volatile field): per object, an
     * array as a whole. Null (an off-heap address) orders nothing.
     */
    public static void volatileWrite(Object o) {
        if ((SamplingWindows.state() & 1) != 0) {
            volatileWriteInWindow(o);
        }
    }

    @DontInline
    private static void volatileWriteInWindow(Object o) {
        if (o != null) {
            atomicWriteRecorded(o);
        }
    }

    /**
     * After a volatile or acquiring read of a field or element of {@code o}: see {@link #volatileWrite}.
     *
     * <p>The volatile probes sit at every volatile access of every rewritten class, checked or
     * ordering only (a reactive library has dozens in one operator's drain loop), and C2 counts
     * every byte it inlines against one budget per compiled method ({@code DesiredMethodLimit},
     * {@code NodeCountInliningCutoff}). As a chain (null check, then the atomic probe, then
     * {@code open()}, then {@code sampling()}) each access inlined about 50 bytes, enough to
     * exhaust that budget in the library's hot methods, which then left the library's own calls
     * out of line. So these probes are one read of the window state and one branch (17 bytes
     * with {@code state()}), and everything else, the null check included, is in the out-of-line part.
     */
    public static void volatileRead(Object o) {
        if ((SamplingWindows.state() & 1) != 0) {
            volatileReadInWindow(o);
        }
    }

    @DontInline
    private static void volatileReadInWindow(Object o) {
        if (o != null) {
            atomicReadRecorded(o);
        }
    }

    // ---- ConcurrentHashMap, per key (see KeyedVars) ----
    // Checked code's own calls (MapCallMarks) release into vars of their own, which only unchecked
    // callers acquire: the map model judges checked code against checked code (an order between two
    // checked calls would hide every check-then-act race on a concurrent map), while a hand-off
    // between checked code and a library through one map is ordered both ways. Nothing orders while
    // a class is being defined on the thread: racewatch's transformers share maps across loading threads.

    /**
     * Before a hooked ConcurrentHashMap method stores a value for the key whose spread hash is
     * {@code hash} (at a put's start, after a compute function returned): what this thread did
     * happens-before whoever retrieves the key.
     */
    public static void keyWriting(Object map, int hash) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                keyWritingInWindow(map, hash);
            } else {
                keyWritingRecorded(map, hash);
            }
        }
    }

    @DontInline
    private static void keyWritingInWindow(Object map, int hash) {
        keyWritingRecorded(map, hash);
    }

    private static void keyWritingRecorded(Object map, int hash) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            if (ts.loading == 0) {
                SyncVar var = KeyedVars.of(ts, map, hash, MapCallMarks.modeled(ts, map));
                if (var != null) {
                    var.release(ts);
                }
            }
        } catch (Throwable failure) {
            Faults.report("concurrent map probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * At the end of a ConcurrentHashMap or ConcurrentSkipListMap constructor: a map made by code
     * outside the JDK (the application's, a library's) orders through the hooks; one the JDK made
     * for itself does not (see {@link KeyedVars#register}). In and out of sampling windows.
     */
    public static void concurrentMapMade(Object map) {
        ThreadState ts = ThreadState.enterAlways();
        if (ts == null) {
            return;
        }
        try {
            // A constructor that delegates to another (this(...)) ends twice: the second finds the map registered.
            // A marked map's constructor ends once (see ProgramMaps): it is not registered yet. The
            // mark is taken whatever follows, so that it never outlives this map.
            if (ProgramMaps.taken(ts)) {
                if (ts.loading == 0) {
                    KeyedVars.register(map);
                }
            } else if (ts.loading == 0 && !KeyedVars.registered(map) && MapCreators.outsideJdk()) {
                KeyedVars.register(map);
            }
        } catch (Throwable failure) {
            Faults.report("concurrent map probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * On entry of a ConcurrentSkipListMap update: what this thread did happens-before whoever later
     * retrieves from or iterates the map (per map: one key's update orders every key's reader).
     */
    public static void mapWriting(Object map) {
        keyWriting(map, 0);
    }

    /** After a ConcurrentSkipListMap retrieval, or the start of an iteration: see {@link #mapWriting}. */
    public static void mapRead(Object map) {
        keySeen(map, 0);
    }

    /** What {@link #keysSeen} acquires: the key's stripe as the map model asks, both of its stripes, or every stripe. */
    private static final int KEY = 0;
    private static final int KEY_BOTH = 1;
    private static final int EVERY_KEY = 2;

    /**
     * At the start and end of a ConcurrentHashMap traversal: ordered after the updates of every key
     * so far, checked code's and libraries' (a traversal is no key read of the map model's, so it takes both).
     */
    public static void mapTraversed(Object map) {
        if (map != null) {
            keysSeen(map, 0, EVERY_KEY);
        }
    }

    /**
     * As a ConcurrentHashMap iterator returns an element: ordered after the updates of its key,
     * checked code's and libraries' (an iteration is no key read of the map model's).
     */
    public static void elementReturned(Object map, int hash) {
        keysSeen(map, hash, KEY_BOTH);
    }

    /** Before a compute function sees the key's current value: ordered after the updates of the key. */
    public static void keySeen(Object map, int hash) {
        keysSeen(map, hash, KEY);
    }

    /** {@code which} is a constant at each caller: once inlined, its switch is one branch. */
    private static void keysSeen(Object map, int hash, int which) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                keysSeenInWindow(map, hash, which);
            } else {
                keysSeenRecorded(map, hash, which);
            }
        }
    }

    @DontInline
    private static void keysSeenInWindow(Object map, int hash, int which) {
        keysSeenRecorded(map, hash, which);
    }

    private static void keysSeenRecorded(Object map, int hash, int which) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            if (ts.loading == 0) {
                // One inlined copy of KeyedVars.acquire for both per-key cases, the whole map's (a traversal) out of line.
                if (which == EVERY_KEY) {
                    keysAllSeen(ts, map);
                } else {
                    KeyedVars.acquire(ts, map, hash, which == KEY_BOTH || !MapCallMarks.modeled(ts, map));
                }
            }
        } catch (Throwable failure) {
            Faults.report("concurrent map probe", failure);
        } finally {
            ts.exit();
        }
    }

    /** A traversal's acquisition of every stripe of {@code map}: rare next to the per-key reads. */
    @DontInline
    private static void keysAllSeen(ThreadState ts, Object map) {
        KeyedVars.acquireAll(ts, map);
    }

    /** As a hooked ConcurrentHashMap method returns {@code value}: a value retrieved is ordered after the key's updates. */
    public static void keyReturned(Object value, Object map, int hash) {
        if (value != null) {
            keySeen(map, hash);
        }
    }

    // ---- threads ----

    public static void threadStarting(Thread thread) {
        SyncProbes.threadStarting(thread, NO_SITE);
    }

    public static void threadJoined(Thread thread) {
        SyncProbes.threadJoined(thread, NO_SITE);
    }

    /** After {@code Thread.interrupted()}: true means this thread was interrupted, by whoever released into it. */
    public static void interruptSeenIf(boolean interrupted) {
        if (interrupted) {
            interruptSeen();
        }
    }

    /** An InterruptedException made on this thread: the thread learns of an interrupt (a no-op if nobody interrupted it). */
    public static void interruptSeen() {
        SyncProbes.acquire(Thread.currentThread(), NO_SITE);
    }

    // ---- field-level hooks: the volatile that the synchronizer itself publishes through ----

    /** A read of {@code CompletableFuture.result}: a non-null result was published by its completer. */
    public static Object resultRead(Object future, Object result) {
        if (result != null) {
            SyncProbes.acquire(future, NO_SITE);
        }
        return result;
    }

    /** A write of {@code CompletableFuture.result}: released before the value becomes visible. */
    public static void resultWriting(Object future) {
        SyncProbes.release(future, NO_SITE);
    }

    /** {@code RESULT.compareAndSet(future, null, value)}: released before the CAS that may publish it. */
    public static boolean resultCas(VarHandle handle, CompletableFuture<?> future, Object expected, Object value) {
        SyncProbes.release(future, NO_SITE);
        return handle.compareAndSet(future, expected, value);
    }

    /** On entry of {@code FutureTask.cancel}: see {@link #CANCELLATIONS}. */
    public static void futureCancelling(Object task) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                futureCancellingInWindow(task);
            } else {
                futureCancellingRecorded(task);
            }
        }
    }

    @DontInline
    private static void futureCancellingInWindow(Object task) {
        futureCancellingRecorded(task);
    }

    private static void futureCancellingRecorded(Object task) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            CANCELLATIONS.release(ts);
        } catch (Throwable failure) {
            Faults.report("future probe", failure);
        } finally {
            ts.exit();
        }
    }

    /**
     * A read of {@code FutureTask.state}: a final state means the outcome was published, by
     * {@code set} or {@code setException} into the task's var (none made here when nobody
     * released into it), or by a cancellation into {@link #CANCELLATIONS}.
     */
    public static int futureStateRead(Object task, int state) {
        if (state > FUTURE_COMPLETING) {
            futureDone(task, state);
        }
        return state;
    }

    private static void futureDone(Object task, int state) {
        if (SamplingWindows.open()) {
            if (SamplingWindows.sampling()) {
                futureDoneInWindow(task, state);
            } else {
                futureDoneRecorded(task, state);
            }
        }
    }

    @DontInline
    private static void futureDoneInWindow(Object task, int state) {
        futureDoneRecorded(task, state);
    }

    private static void futureDoneRecorded(Object task, int state) {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            if (state >= FUTURE_CANCELLED) {
                CANCELLATIONS.acquire(ts);
            }
            SyncVar var = SyncVars.existing(ts, task);
            if (var != null) {
                var.acquire(ts);
            }
        } catch (Throwable failure) {
            Faults.report("future probe", failure);
        } finally {
            ts.exit();
        }
    }

    /** After a fork/join task ran on a pool's worker: the pool's quiescence and termination come after it. */
    public static void taskRan() {
        if (!SamplingWindows.open()) {
            return;
        }
        ForkJoinPool pool = ForkJoinTask.getPool();
        if (pool != null) {
            SyncProbes.release(pool, NO_SITE);
        }
    }

    /** A read of {@code ForkJoinTask.status}: negative means done, published by whoever completed it. */
    public static int taskStatusRead(Object task, int status) {
        if (status < 0) {
            SyncProbes.acquire(task, NO_SITE);
        }
        return status;
    }

    /**
     * A CountedCompleter reports a child's end by decrementing its ancestors' pending counts
     * (a JDK-internal volatile): the thread that completes the root runs after every child that
     * reported. Modelled as a release and acquire on each ancestor, which also orders siblings
     * that report one after the other (it can hide a race between them, never invent one).
     */
    public static void completerReports(Object completer) {
        if (!SamplingWindows.open()) {
            return; // between windows: no walk up the ancestors
        }
        for (CountedCompleter<?> c = (CountedCompleter<?>) completer; c != null; c = c.getCompleter()) {
            SyncProbes.release(c, NO_SITE);
            SyncProbes.acquire(c, NO_SITE);
        }
    }
}
