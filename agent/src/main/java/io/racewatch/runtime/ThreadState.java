package io.racewatch.runtime;

/**
 * What racewatch knows about one application thread: its clock slot and vector clock, the
 * locks it holds, a recursion guard, and a one-entry cache of the last map it touched.
 *
 * <p>Only the owning thread mutates a state, so no field here needs synchronization; other
 * threads read {@link #vc} and {@link #own} only after a join, which orders the reads.
 * A state holds no reference to its {@link Thread}, so a finished thread can be collected and
 * its clock slot reused.
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadRegistry::register);

    /** Clock slot, or -1 when the thread is not tracked (slot cap hit, or an agent thread). */
    public final int tid;
    /** This thread's own clock entry: advanced at every release. */
    int own;
    /** Clock entries for other threads (the entry at {@link #tid} is not used); never mutated. */
    int[] vc;
    private boolean busy;

    // Locks held, innermost last; the acquisition id tells one holding of a lock from the next.
    private Object[] heldLocks = new Object[4];
    private long[] heldIds = new long[4];
    private int[] heldCounts = new int[4];
    private int held;
    private long nextAcquisition;

    Object cachedMap;
    MapShadow cachedShadow;
    Object cachedSyncObject;
    SyncVar cachedSyncVar;
    /** Task wrappers made for the call in flight, to bind to the future it returns. */
    Object pendingTasks;
    /** The tracked task this thread is running (innermost), to see what it touches once its owner closed. */
    TaskRun taskRun;
    /** The owner named through {@link Owners#scheduledFor} for the scheduling calls made now, or null. */
    Object scopeOwner;
    /** Objects whose lifecycle-end methods run on this thread now, innermost last; null until needed. */
    Object[] closing;
    int closingDepth;

    ThreadState(int tid, int own, int[] vc) {
        this.tid = tid;
        this.own = own;
        this.vc = vc;
    }

    /**
     * The current thread's state if a probe may record now, else null: inside another probe,
     * in an agent thread, or for an untracked thread. Pair every non-null result with {@link #exit()}.
     */
    public static ThreadState enter() {
        if (!Tracking.enabled) {
            return null;
        }
        ThreadState ts = CURRENT.get();
        if (ts.busy || ts.tid < 0) {
            return null;
        }
        ts.busy = true;
        return ts;
    }

    /** Ends the probe section started by {@link #enter()}. */
    public void exit() {
        busy = false;
    }

    /** Marks the current thread as racewatch's own: its probes never record. */
    public static void markAgentThread() {
        CURRENT.get().busy = true;
    }

    /** The current thread's state without the guard, for code that already holds it. */
    static ThreadState current() {
        return CURRENT.get();
    }

    public int own() {
        return own;
    }

    public int[] vc() {
        return vc;
    }

    /** The full clock: the others' entries plus this thread's own. Allocates. */
    int[] fullClock() {
        return VectorClocks.with(vc, tid, own);
    }

    void tick() {
        own++;
    }

    void join(int[] other) {
        vc = VectorClocks.join(vc, other);
    }

    void joinEntry(int otherTid, int clock) {
        if (otherTid != tid && VectorClocks.get(vc, otherTid) < clock) {
            vc = VectorClocks.with(vc, otherTid, clock);
        }
    }

    /** True when an event of thread {@code otherTid} at {@code clock} happens-before this thread's next event. */
    public boolean knows(int otherTid, int clock) {
        return otherTid == tid || VectorClocks.get(vc, otherTid) >= clock;
    }

    // ---- locks held ----

    /** Records an acquisition of {@code lock}; returns true when it is the outermost one (not reentrant). */
    boolean pushLock(Object lock) {
        for (int i = held - 1; i >= 0; i--) {
            if (heldLocks[i] == lock) {
                heldCounts[i]++;
                return false;
            }
        }
        if (held == heldLocks.length) {
            heldLocks = java.util.Arrays.copyOf(heldLocks, held * 2);
            heldIds = java.util.Arrays.copyOf(heldIds, held * 2);
            heldCounts = java.util.Arrays.copyOf(heldCounts, held * 2);
        }
        heldLocks[held] = lock;
        heldIds[held] = ++nextAcquisition;
        heldCounts[held] = 1;
        held++;
        return true;
    }

    /** Records a release of {@code lock}; returns true when the lock is now free (outermost release). */
    boolean popLock(Object lock) {
        for (int i = held - 1; i >= 0; i--) {
            if (heldLocks[i] == lock) {
                if (--heldCounts[i] > 0) {
                    return false;
                }
                System.arraycopy(heldLocks, i + 1, heldLocks, i, held - i - 1);
                System.arraycopy(heldIds, i + 1, heldIds, i, held - i - 1);
                System.arraycopy(heldCounts, i + 1, heldCounts, i, held - i - 1);
                heldLocks[--held] = null;
                return true;
            }
        }
        return false;
    }

    /** Acquisition id of the outermost lock held, 0 when none. */
    long outermostLock() {
        return held == 0 ? 0 : heldIds[0];
    }

    /** Acquisition id of the innermost lock held, 0 when none. */
    long innermostLock() {
        return held == 0 ? 0 : heldIds[held - 1];
    }

    /** True while the acquisition {@code id} has not been released. */
    public boolean heldSince(long id) {
        if (id == 0) {
            return false;
        }
        for (int i = 0; i < held; i++) {
            if (heldIds[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Number of distinct locks held now. */
    public int locksHeld() {
        return held;
    }
}
