package io.racewatch.order;

import io.racewatch.runtime.JdkState;
import io.racewatch.runtime.Limits;
import io.racewatch.runtime.TestContext;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Hands out clock slots to threads and takes them back once a thread has ended (seen by a scan of
 * the live slots when no slot is free) or been collected, so a program that starts a million
 * (virtual) threads keeps clocks as wide as its live threads. A reused slot starts above the last
 * clock its previous thread reached. A new thread gets, where one is free, a slot whose previous
 * thread's whole run its starter already knows (a pool of short threads started, joined, started
 * again): its events are then truly ordered before the new thread. Any other reuse makes the old
 * thread's events look ordered before whoever learns of the new one, which can hide a race but
 * never invents one.
 */
public final class ThreadRegistry {
    private static final class Slot extends WeakReference<Thread> {
        final ThreadState state;

        Slot(Thread thread, ThreadState state, ReferenceQueue<Thread> queue) {
            super(thread, queue);
            this.state = state;
        }
    }

    private static final ReferenceQueue<Thread> FINISHED = new ReferenceQueue<>();
    private static final Set<Slot> LIVE = new HashSet<>();
    private static final ArrayDeque<Integer> FREE = new ArrayDeque<>();
    private static final WeakHashMap<Thread, ThreadState> BY_THREAD = new WeakHashMap<>();
    private static final WeakHashMap<Thread, int[]> PENDING_START = new WeakHashMap<>();
    private static final WeakHashMap<Thread, TestContext> PENDING_CONTEXT = new WeakHashMap<>();
    private static int[] lastClock = new int[64];
    private static int nextSlot;
    /** Registrations since the live slots were last scanned for ended threads. */
    private static int sinceScan;
    /** How many free slots a registration looks through for one its starter's clock covers. */
    private static final int COVERED_SEARCH = 32;
    /**
     * The thread registering now (registration is serialized): probes it reaches from inside the
     * registration (the JDK's synchronizers are hooked too) must not ask for its state again.
     */
    public static Thread registering;

    private ThreadRegistry() {
    }

    public static synchronized ThreadState register() {
        Thread thread = Thread.currentThread();
        registering = thread;
        try {
            return registerCurrent(thread);
        } finally {
            registering = null;
        }
    }

    private static ThreadState registerCurrent(Thread thread) {
        reclaimFinished();
        int[] inherited = PENDING_START.remove(thread);
        // Amortized: a scan costs one look per live slot, and comes at most once per quarter of them.
        if (FREE.isEmpty() && (nextSlot >= Tracking.maxThreads || ++sinceScan >= Math.max(64, LIVE.size() / 4))) {
            reclaimEnded();
        }
        int tid;
        if (!FREE.isEmpty()) {
            tid = takeFree(inherited == null ? VectorClocks.EMPTY : inherited);
        } else if (nextSlot < Tracking.maxThreads) {
            tid = nextSlot++;
            if (tid >= lastClock.length) {
                lastClock = java.util.Arrays.copyOf(lastClock, lastClock.length * 2);
            }
        } else {
            Limits.hit("threads", Tracking.maxThreads, "threads started after it are not tracked");
            return new ThreadState(-1, 0, VectorClocks.EMPTY);
        }
        ThreadState state = new ThreadState(tid, lastClock[tid] + 1, inherited == null ? VectorClocks.EMPTY : inherited);
        TestContext started = PENDING_CONTEXT.remove(thread);
        state.context = started != null ? started : TestContext.ofCreator();
        LIVE.add(new Slot(thread, state, FINISHED));
        BY_THREAD.put(thread, state);
        return state;
    }

    private static void reclaimFinished() {
        Slot slot;
        while ((slot = (Slot) FINISHED.poll()) != null) {
            free(slot);
        }
    }

    /** Frees the slots of threads that have ended; their states stay with their Thread objects for a later join. */
    private static void reclaimEnded() {
        sinceScan = 0;
        java.util.List<Slot> ended = new java.util.ArrayList<>();
        for (Slot slot : LIVE) {
            Thread t = slot.get();
            // isAlive is final in Thread: no application code runs. Seeing it false orders the thread's end before us.
            if (t == null || !t.isAlive()) {
                ended.add(slot);
            }
        }
        for (Slot slot : ended) {
            slot.clear(); // never queued as collected later: the slot is freed once
            free(slot);
        }
    }

    private static void free(Slot slot) {
        if (LIVE.remove(slot)) {
            slot.state.forgetObjects(); // its thread has ended: nothing will use its caches again
            slot.state.ended();
            int tid = slot.state.tid;
            lastClock[tid] = slot.state.own;
            FREE.add(tid);
        }
    }

    /** A free slot whose last thread's run the starter's clock covers, if one is near the head; else the head. */
    private static int takeFree(int[] starter) {
        int looked = 0;
        for (java.util.Iterator<Integer> it = FREE.iterator(); it.hasNext() && looked < COVERED_SEARCH; looked++) {
            int tid = it.next();
            if (tid < starter.length && starter[tid] >= lastClock[tid]) {
                it.remove();
                return tid;
            }
        }
        return FREE.poll();
    }

    /** Thread.start: the child begins knowing everything its parent knew, working for the parent's test. */
    static synchronized void willStart(Thread child, int[] parentClock, TestContext parentContext) {
        PENDING_START.put(child, parentClock);
        if (parentContext != null) {
            PENDING_CONTEXT.put(child, parentContext);
        }
    }

    /** The state of another thread, or null when it never ran a probe. */
    static synchronized ThreadState stateOf(Thread thread) {
        return BY_THREAD.get(thread);
    }

    /** Live threads with their states, for the watchdog. */
    public static synchronized java.util.List<java.util.Map.Entry<Thread, ThreadState>> live() {
        java.util.List<java.util.Map.Entry<Thread, ThreadState>> out = new java.util.ArrayList<>(LIVE.size());
        for (Slot slot : LIVE) {
            Thread t = slot.get();
            if (t != null) {
                out.add(java.util.Map.entry(t, slot.state));
            }
        }
        return out;
    }

    /**
     * The states of every thread that holds a slot or whose Thread object is still around, ended
     * or not (a state outlives its thread: a sync var whose last releaser it was refers to it).
     */
    public static synchronized java.util.List<ThreadState> states() {
        java.util.List<ThreadState> out = new java.util.ArrayList<>(LIVE.size() + BY_THREAD.size());
        for (Slot slot : LIVE) {
            out.add(slot.state);
        }
        out.addAll(BY_THREAD.values());
        return out;
    }

    /** Where the live thread with this id last asked for a lock, or 0 when unknown. */
    public static synchronized int requestSiteOf(long threadId) {
        for (Slot slot : LIVE) {
            Thread t = slot.get();
            if (t != null && JdkState.canAskThread(t) && t.getId() == threadId) {
                return slot.state.requestSite;
            }
        }
        return 0;
    }
}
