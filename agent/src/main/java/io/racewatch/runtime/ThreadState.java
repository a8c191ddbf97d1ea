package io.racewatch.runtime;

import io.racewatch.locks.HeldLocks;
import io.racewatch.maps.MapShadow;
import io.racewatch.order.SyncVar;
import io.racewatch.order.ThreadRegistry;
import io.racewatch.order.VectorClocks;
import io.racewatch.tasks.WrappedTask;
import io.racewatch.tasks.Owners;
import io.racewatch.tasks.TaskRun;

/**
 * What racewatch knows about one application thread: its clock slot and vector clock, the
 * locks it holds, a recursion guard, and a one-entry cache of the last map it touched.
 *
 * <p>Only the owning thread mutates a state, so no field here needs synchronization; other
 * threads read {@link #vc} and {@link #own} only after a join, which orders the reads.
 * A state holds no reference to its {@link Thread}, so a finished thread can be collected and
 * its clock slot reused.
 *
 * <p>This is the one class of the core that names the models' types: each model's per-thread
 * part (locks held, the last map looked up, the task running) is a field here, so that a probe
 * reaches it with one field load instead of a lookup per call.
 */
public final class ThreadState {
    /** Set on a thread's first probe (no initial value: class-loading markers must not register a thread). */
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();

    /** Clock slot, or -1 when the thread is not tracked (slot cap hit, or an agent thread). */
    public final int tid;
    /** This thread's own clock entry: advanced at every release. */
    public int own;
    /**
     * Clock entries for other threads (the entry at {@link #tid} is not used). Joined into in
     * place while no one else holds it; once handed out by {@link #vc()} it is never mutated
     * again, and the next join that grows it copies it first (copy-on-write, so a thread that
     * keeps acquiring without anyone keeping its clock allocates nothing).
     */
    private int[] vc;
    /** True once {@link #vc} was handed out (or came from outside): a join must copy it. */
    private boolean vcHandedOut = true;
    /** Advanced each time {@link #vc} grows: equal counts mean the same clock (see {@link #clockChanges()}). */
    private int clockChanges;
    /**
     * The probe guard in one word, so that a probe's admission is one compare and one store:
     * equal to the sampling-window state a probe reads when this thread may enter with no other
     * check (not in a probe, tracked, no window change since its last probe, no own-cost timing);
     * {@link #CLOSED} while a probe runs, and for good in an agent or untracked thread; any other
     * value ({@link #RECHECK}) sends the next probe through the full check ({@link #admitChecked}).
     */
    private int gate;
    /** {@link #gate} in a probe, or in a thread whose probes never record. No window state is 0 (it starts at 1 and only grows). */
    private static final int CLOSED = 0;
    /** {@link #gate} when the next probe must take the full check. No window state is negative. */
    private static final int RECHECK = -1;

    /** Locks held now, with hold timing. */
    public final HeldLocks locks = new HeldLocks();
    /** Where this thread last asked for a lock: where it is stuck if it deadlocks. */
    public int requestSite;
    /** The lock this thread asked for last and when: the start of its wait (set only when another thread held it). */
    public SyncVar requested;
    public long requestedAt;
    /** Who held {@link #requested} when this thread asked for it: the thread that made it wait. */
    public String blockedByThread;
    public int blockedBySite;
    /** Start of this thread's oldest current hold, for the watchdog's stack samples; 0 when none.
     * Plain: written on every acquisition, read by the watchdog, to which a late value only delays a sample. */
    public long holdingSince;
    /** A stack sample the watchdog took during a long hold, and when. */
    public volatile String[] holdSample;
    /** The sample caught the holder waiting (asleep, parked, blocked, or in native code such as a socket read). */
    public volatile boolean holdSampleWaiting;
    public volatile long sampleTakenAt;

    /** Size of the cache of synchronization vars joined last, by {@link SyncVar}'s slot (a power of two). */
    public static final int JOINED = 256;
    /** The var joined last in each slot, and its versions then: a repeat acquisition with nothing new skips the join. */
    public final SyncVar[] joinedVars = new SyncVar[JOINED];
    public final long[] joinedVersions = new long[JOINED];
    /**
     * By the same slot: a var whose clock covered this thread's clock when it had changed
     * {@link #clockChanges()} times (see {@code SyncVar}): while the count has not moved, a
     * release into that var only has this thread's own entry to add.
     */
    public final SyncVar[] coveringVars = new SyncVar[JOINED];
    public final int[] coveringAt = new int[JOINED];
    public Object cachedMap;
    public MapShadow cachedShadow;
    /**
     * The shared map and key this thread's last shared-mode access found a state for, and that
     * state (see {@code MapShadow.keyState}): a loop on one key skips the key's hashCode and the
     * key table's walk. Typed loosely: the state is the maps package's.
     */
    public MapShadow keyShadow;
    public Object lastKey;
    public long lastKeyHash;
    public Object lastKeyState;
    /**
     * The four objects this thread synchronized on last and their vars, and the entry a miss
     * replaces next (see {@code SyncVars.of}). Fields, not arrays: the look-up is on every probe,
     * and fields need neither a bounds check nor an array load.
     */
    public Object syncObject0;
    public Object syncObject1;
    public Object syncObject2;
    public Object syncObject3;
    public SyncVar syncVar0;
    public SyncVar syncVar1;
    public SyncVar syncVar2;
    public SyncVar syncVar3;
    public int syncNext;
    /**
     * Behind those four, a larger cache of the var table's entries, by their object's identity hash
     * (see {@code SyncVars}): a reactive pipeline's drain loop reads the volatile fields of more
     * objects than four in turn (a flatMap's sixteen inners, their queues and the queues' arrays:
     * with 32 entries the reactive workload's threads went to the shared table 2.2 million times in
     * ten rounds, with 512 0.6 million). An entry names its object weakly (a hit is told by
     * {@code refersTo}), so this cache keeps none of the program's objects alive; it keeps the
     * entries, at most this many per thread.
     */
    public static final int SYNC_CACHE = 512;
    public final java.lang.ref.WeakReference<?>[] syncEntries = new java.lang.ref.WeakReference<?>[SYNC_CACHE];
    /** An object this thread found without a var, and the count of vars made then (see {@code SyncVars.existing}). */
    public Object noVarObject;
    public int noVarMade;
    /** The concurrent map whose key vars this thread used last, and its stripes (see {@code KeyedVars}). */
    public Object keyedMap;
    public SyncVar[] keyedVars;
    /** A concurrent map this thread found without key vars, and the count of maps with vars then. */
    public Object keyedMissMap;
    public int keyedMissMade;
    /**
     * Set by a rewritten class's {@code new ConcurrentHashMap()} just before the constructor runs,
     * taken by the constructor's end: the program made this map (see {@code ProgramMaps}).
     */
    public boolean mapMadeHere;
    /**
     * The concurrent maps whose map probe is in its real call on this thread, innermost last (see
     * {@code MapCallMarks}): the hooks inside the map leave those calls to the map model.
     */
    public Object[] modeledMaps;
    public int modeledDepth;
    /** Task wrappers made for the call in flight, to bind to the future it returns. */
    public Object pendingTasks;
    /** The tracked task this thread is running (innermost), to see what it touches once its owner closed. */
    public TaskRun taskRun;
    /** The wrapped task this thread is running (innermost), tracked or not yet. */
    public WrappedTask runningTask;
    /** The owner named through {@link Owners#scheduledFor} for the scheduling calls made now, or null. */
    public Object scopeOwner;
    /** Objects whose lifecycle-end methods run on this thread now, innermost last; null until needed. */
    public Object[] closing;
    public int closingDepth;
    /** The test this thread works for, inherited by threads it starts and tasks it submits; null outside tests. */
    public TestContext context;

    /**
     * Drops this thread's one-object caches (the sync objects and maps it used last), so that
     * they keep nothing of the program alive: an object the program dropped must stay
     * collectable. Called by racewatch's watchdog, racing with the owner: only the object fields
     * are cleared (each cache compares its object before using what is paired with it, and a
     * null is a miss), never the vars paired with them.
     */
    public void forgetObjects() {
        syncObject0 = null;
        syncObject1 = null;
        syncObject2 = null;
        syncObject3 = null;
        noVarObject = null;
        cachedMap = null;
        keyedMap = null;
        keyedMissMap = null;
        keyShadow = null;
        lastKey = null;
        lastKeyState = null;
    }

    /**
     * This state's thread has ended (its slot is freed): what it counted and had not yet added to
     * shared figures is added now, by the thread that frees the slot.
     */
    public void ended() {
        locks.flushCounts();
    }

    public ThreadState(int tid, int own, int[] vc) {
        this.tid = tid;
        this.own = own;
        this.vc = vc;
        this.gate = tid < 0 ? CLOSED : RECHECK;
    }

    /** The sampling window this thread's probes last saw (see {@link SamplingWindows}). */
    private int window = 1;
    /** Staging mode's light hold timing ({@link LightHolds}): locks held, and the outermost one. */
    public int lightDepth;
    public Object lightLock;
    public int lightSite;
    /** Probe calls until the next one timed for the overhead budget, and when the timed one began. */
    int untilTimed;
    long timedFrom;

    /**
     * The current thread's state if a probe may record now, else null: outside a sampling
     * window, inside another probe, in an agent thread, or for an untracked thread. Pair every
     * non-null result with {@link #exit()}.
     */
    public static ThreadState enter() {
        int w = SamplingWindows.state;
        if ((w & 1) == 0) {
            return null; // staging mode, between windows: the one check
        }
        return enter(w);
    }

    /**
     * {@link #enter()} for a probe that read the window state itself ({@link SamplingWindows#state()})
     * and found a window open: the state is a volatile field, which the JIT reads again at every
     * read, so a probe reads it once.
     */
    public static ThreadState enterOpen(int w) {
        return enter(w);
    }

    /** {@link #enter()} in and out of sampling windows, for probes that must see every call (lock holds, cancellations). */
    public static ThreadState enterAlways() {
        return enter(SamplingWindows.state);
    }

    /**
     * {@link #enterAlways()} for the state this thread's previous probe returned, which rewritten
     * code passed on (a lock's request to its acquisition and release): the same guard, without
     * the thread-local look-up. Null when {@code ts} is null or may not record now.
     */
    public static ThreadState enterAlways(ThreadState ts) {
        return ts == null ? null : admit(ts, SamplingWindows.state);
    }

    /**
     * The current thread's state without entering the guard, for work that touches only this
     * thread's own fields and calls nothing (staging's light hold timing between windows); null
     * when its probes may not record (in a probe, racewatch's own or an untracked thread) or it
     * has no state yet. Nothing is counted for the overhead budget.
     */
    public static ThreadState unguarded() {
        ThreadState ts = lookup();
        return ts == null || ts.gate == CLOSED ? null : ts;
    }

    private static ThreadState enter(int w) {
        ThreadState ts = usable();
        return ts == null ? null : admit(ts, w);
    }

    /** The guard proper: {@code ts} unless it is in a probe already or untracked; notes window {@code w}. */
    private static ThreadState admit(ThreadState ts, int w) {
        if (ts.gate == w) {
            ts.gate = CLOSED; // the common case: same window as this thread's last probe, nothing else to do
            return ts;
        }
        return ts.admitChecked(w) ? ts : null;
    }

    /** The full check behind {@link #gate}: false when in a probe or never recording; notes window {@code w}. */
    private boolean admitChecked(int w) {
        if (gate == CLOSED || !Tracking.enabled) {
            // Not before the agent started (a state registered then keeps RECHECK). The agent is
            // never switched off again, so the gate's fast path needs no look at this volatile flag.
            return false;
        }
        gate = CLOSED;
        if (window != w) {
            windowChanged(w);
        }
        if (OwnCost.measuring) {
            OwnCost.begin(this);
        }
        return true;
    }

    /** The current thread's state if its probes may record (agent on, tracked, not in a probe), else null. */
    private static ThreadState usable() {
        ThreadState ts = lookup();
        if (ts == null) {
            // A first probe: registering (only once the agent started). A probe reached from inside
            // registration itself records nothing.
            if (!Tracking.enabled || ThreadRegistry.registering == Thread.currentThread()) {
                return null;
            }
            ts = current();
        }
        return ts.gate == CLOSED ? null : ts;
    }

    /**
     * What {@link #enter()} would return, without entering: for a probe that makes its call first
     * and records after it ({@link #reenter()}), with the one look-up of its thread's state.
     */
    public static ThreadState probing() {
        if ((SamplingWindows.state & 1) == 0) {
            return null;
        }
        return usable();
    }

    /**
     * {@link #enter()} again for a state {@link #probing()} (or an earlier {@code enter}) returned
     * in this probe call: no look-up. False when the probe may not record now (a window closed
     * meanwhile, the agent stopped); pair {@code true} with {@link #exit()}.
     */
    public boolean reenter() {
        int w = SamplingWindows.state;
        if ((w & 1) == 0) {
            return false;
        }
        if (gate == w) {
            gate = CLOSED;
            return true;
        }
        return admitChecked(w);
    }

    /**
     * A window opened or closed since this thread's last probe: what it kept from the last window
     * (the map it looked up, the locks it held as the full tracker saw them, tasks in flight) is
     * forgotten, so nothing from one window is compared with the next.
     */
    private void windowChanged(int w) {
        window = w;
        cachedMap = null;
        cachedShadow = null;
        keyShadow = null;
        lastKey = null;
        lastKeyState = null;
        pendingTasks = null;
        locks.clear();
        requested = null;
    }

    /** The sampling window this thread's current probe call falls in. */
    public int window() {
        return window;
    }

    /** True when this probe call falls in a sampling window (always in test mode). */
    public boolean inWindow() {
        return (window & 1) != 0;
    }

    /** Ends the probe section started by {@link #enter()}. */
    public void exit() {
        if (OwnCost.measuring) {
            OwnCost.end(this);
            gate = RECHECK; // the next probe is timed or counted down: the full check
        } else {
            gate = window;
        }
    }

    /** Marks the current thread as racewatch's own: its probes never record. */
    public static void markAgentThread() {
        current().gate = CLOSED;
    }

    /** The current thread's state without the guard, for code that already holds it. */
    public static ThreadState current() {
        ThreadState ts = lookup();
        if (ts == null) {
            ts = ThreadRegistry.register();
            CURRENT.set(ts);
            int gateWas = ts.gate;
            ts.gate = CLOSED; // what the table's upkeep reaches (a lock in the JDK) is racewatch's, not the application's
            try {
                ThreadTable.register(Thread.currentThread(), ts);
            } finally {
                ts.gate = gateWas;
            }
        }
        return ts;
    }

    /** The current thread's state if it has one already, else null; registers nothing. */
    static ThreadState peek() {
        return lookup();
    }

    /**
     * The current thread's state, or null before its registration: from the thread table, else
     * from the thread-local (which every registered thread has), entering it into the table if
     * its entry is free. The miss is a call away so that the hit inlines into each probe.
     */
    private static ThreadState lookup() {
        Thread t = Thread.currentThread();
        ThreadState ts = ThreadTable.get(t);
        return ts != null ? ts : lookupMissed(t);
    }

    private static ThreadState lookupMissed(Thread t) {
        ThreadState ts = CURRENT.get();
        if (ts != null) {
            ThreadTable.fill(t, ts);
        }
        return ts;
    }

    // ---- class loading: not the application's hold ----

    /**
     * Loads closer together than this are one burst of class loading (a class whose static
     * initializer loads many more, a first call into a library): the time between them is the JVM
     * finding, reading, defining, verifying and initializing the classes, and is not counted
     * either. A hold that does its slow work between first-time class loads can hide this way;
     * once the classes are loaded, the same hold counts in full.
     */
    static final long BURST_GAP_NS = 50_000_000L;

    /** Nesting of class loads (definitions passing through the transformers) on this thread now. */
    public volatile int loading;
    private long loadingSince;
    private long lastLoadEnd;

    /** A class definition begins on this thread (the first of the JVM's transformers is called). */
    void loadBegins() {
        if (loading++ == 0) {
            long now = System.nanoTime();
            loadingSince = now;
            if (lastLoadEnd != 0 && now - lastLoadEnd < BURST_GAP_NS) {
                notHolding(lastLoadEnd, now); // between two loads of one burst
            }
        }
    }

    /** Drops unmatched load marks (see {@link ClassLoading#startUpDone()}). */
    void loadsForgotten() {
        loading = 0;
        lastLoadEnd = 0;
    }

    /**
     * The definition ends (the last transformer returned): the time it took is taken out of every
     * hold this thread has running, so transforming, racewatch's own work above all, is never
     * counted as the application holding its lock.
     */
    void loadEnds() {
        if (loading == 0) {
            return; // an end without its begin (the loads of racewatch's start-up, forgotten)
        }
        if (--loading == 0) {
            long now = System.nanoTime();
            notHolding(loadingSince, now);
            lastLoadEnd = now;
        }
    }

    /**
     * Takes the time from {@code from} to {@code to} out of the holds running now: class loading,
     * or racewatch's own bookkeeping inside a probe (the application held nothing longer for it).
     */
    public void notHolding(long from, long to) {
        locks.exclude(from, to);
        long since = holdingSince;
        if (since != 0 && since < to) {
            holdingSince = since + (to - Math.max(since, from));
        }
    }

    public int own() {
        return own;
    }

    /**
     * The clock entries for other threads, to keep: the array is never mutated afterwards (the
     * thread's next join that grows it works on a copy). A map access record or a task's submit
     * snapshot holds it instead of a copy.
     */
    public int[] vc() {
        vcHandedOut = true;
        return vc;
    }

    /**
     * The clock entries for other threads, to read now and not keep: the owning thread may
     * write into this array at its next join. Other threads may read it only once this thread
     * has ended (a thread join).
     */
    public int[] vcNow() {
        return vc;
    }

    /**
     * How many times this thread's clock has grown: a var that covered the clock at one count
     * still covers it while the count is the same (entries of a var only grow).
     */
    public int clockChanges() {
        return clockChanges;
    }

    /** The full clock: the others' entries plus this thread's own. Allocates. */
    public int[] fullClock() {
        return VectorClocks.with(vc, tid, own);
    }

    public void tick() {
        own++;
    }

    /** Entry-wise maximum with {@code other}, in place unless the clock was handed out or is too short. */
    public void join(int[] other) {
        int[] c = vc;
        int from = VectorClocks.firstAbove(c, other);
        if (from < 0) {
            return;
        }
        if (vcHandedOut || other.length > c.length) {
            c = java.util.Arrays.copyOf(c, Math.max(c.length, other.length));
            vc = c;
            vcHandedOut = false;
        }
        VectorClocks.raiseInPlace(c, other, from);
        clockChanges++;
    }

    public void joinEntry(int otherTid, int clock) {
        if (otherTid != tid && VectorClocks.get(vc, otherTid) < clock) {
            int[] c = vc;
            if (vcHandedOut || otherTid >= c.length) {
                c = java.util.Arrays.copyOf(c, Math.max(c.length, otherTid + 1));
                vc = c;
                vcHandedOut = false;
            }
            c[otherTid] = clock;
            clockChanges++;
        }
    }

    /** True when an event of thread {@code otherTid} at {@code clock} happens-before this thread's next event. */
    public boolean knows(int otherTid, int clock) {
        return otherTid == tid || VectorClocks.get(vc, otherTid) >= clock;
    }

    // ---- locks held ----

    /** Acquisition id of the outermost lock held, 0 when none. */
    public long outermostLock() {
        return locks.outermostId();
    }

    /** Acquisition id of the innermost lock held, 0 when none. */
    public long innermostLock() {
        return locks.innermostId();
    }

    /** True while the acquisition {@code id} has not been released. */
    public boolean heldSince(long id) {
        return locks.stillHeld(id);
    }

    /** Number of distinct locks held now. */
    public int locksHeld() {
        return locks.size();
    }
}
