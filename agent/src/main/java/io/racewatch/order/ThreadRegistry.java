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
 * Hands out clock slots to threads and takes them back when a thread has been collected, so a
 * program that starts a million (virtual) threads keeps clocks as wide as its live threads.
 * A reused slot starts above the last clock its previous thread reached: old events then look
 * ordered before the new thread, which can hide a race but never invents one.
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
        int tid;
        if (!FREE.isEmpty()) {
            tid = FREE.poll();
        } else if (nextSlot < Tracking.maxThreads) {
            tid = nextSlot++;
            if (tid >= lastClock.length) {
                lastClock = java.util.Arrays.copyOf(lastClock, lastClock.length * 2);
            }
        } else {
            Limits.hit("threads", Tracking.maxThreads, "threads started after it are not tracked");
            return new ThreadState(-1, 0, VectorClocks.EMPTY);
        }
        int[] inherited = PENDING_START.remove(thread);
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
            LIVE.remove(slot);
            int tid = slot.state.tid;
            lastClock[tid] = slot.state.own;
            FREE.add(tid);
        }
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
