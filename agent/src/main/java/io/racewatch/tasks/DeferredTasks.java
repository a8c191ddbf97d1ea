package io.racewatch.tasks;

import io.racewatch.runtime.Tracking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;

/**
 * One-shot delayed tasks whose record waits: most are timeouts cancelled soon after (a request's
 * timer cleared on success), and a record per such task (weak references, two table entries, a
 * purge) was most of a scheduling call's cost. Each thread keeps its latest such call here, one
 * slot per clock slot; the record is made when the slot's next call comes, or when anything asks
 * about owners' tasks ({@link #settleAll}: an owner's close, a sweep, exit), and only if the task is
 * still scheduled then. A task cancelled or run before that never gets a record, and it could not
 * have been left behind by a close: every close settles the slots first.
 *
 * <p>A task that starts before its record is made is tracked from then on, like one that starts
 * before its scheduling call returns ({@link WrappedTask#track}). A waiting call holds its owner
 * strongly (one per thread at most) until it is settled.
 */
final class DeferredTasks {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle OCCUPIED;
    /** Slots holding a call now: while 0, {@link #settleAll} reads no slot. */
    @SuppressWarnings("unused")
    private static volatile int occupied;
    /** By clock slot; made at the first deferred call, when the thread cap is known. */
    private static volatile Object[] slots;
    /** One past the highest slot ever used: how far {@link #settleAll} looks. */
    private static volatile int used;

    static {
        try {
            OCCUPIED = MethodHandles.lookup().findStaticVarHandle(DeferredTasks.class, "occupied", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DeferredTasks() {
    }

    /**
     * True when a call of this shape waits for its record: a one-shot delayed task whose JDK
     * future can say it was cancelled or ran, on a thread with a slot.
     */
    static boolean deferrable(Schedule schedule, Object handle, int tid) {
        return schedule.kind() == Schedule.Kind.ONCE && handle instanceof Future<?> && handle instanceof Delayed
            && tid >= 0 && tid < slots().length;
    }

    /**
     * Takes the call the thread of slot {@code tid} kept before out of its slot and settles it;
     * returns it, now held by no one else (its record, if made, copied what it needed), or null
     * when the slot was empty (another thread may have settled it: that one is never reused).
     * Pair with {@link #put}.
     */
    static Registration takeOwn(int tid) {
        Object before = SLOT.getAndSet(slots(), tid, null);
        if (before == null) {
            return null;
        }
        settle((Registration) before);
        return (Registration) before;
    }

    /**
     * Keeps {@code r}, a {@link #deferrable} call, in its thread's slot, which {@link #takeOwn}
     * just emptied: {@code counted} is what {@code takeOwn} returned non-null (the slot still
     * counts as occupied meanwhile, so a {@link #settleAll} between the two only looks in vain).
     */
    static void put(Registration r, boolean counted) {
        Object[] s = slots();
        if (r.tid >= used) {
            raiseUsed(r.tid + 1);
        }
        SLOT.setRelease(s, r.tid, r);
        if (!counted) {
            OCCUPIED.getAndAdd(1);
        }
    }

    /** Makes the records of every call still waiting whose task is still scheduled. */
    static void settleAll() {
        if (occupied == 0) {
            return;
        }
        Object[] s = slots;
        int n = used;
        for (int i = 0; i < n; i++) {
            if (SLOT.getAcquire(s, i) != null) {
                Object r = SLOT.getAndSet(s, i, null);
                if (r != null) {
                    OCCUPIED.getAndAdd(-1);
                    settle((Registration) r);
                }
            }
        }
    }

    /**
     * A call taken out of its slot: its record is made unless its task was cancelled or has run.
     * A task cancelled while it runs still gets one: what it does and schedules in that run is
     * still its owner's (a continuation after a close, a touch after it).
     */
    private static void settle(Registration r) {
        Future<?> f = (Future<?>) r.handle;
        // A JDK future (see ScheduledTasks.register): cancelled counts as done.
        WrappedTask wrapped = r.wrapped();
        if (!f.isDone() || (wrapped != null && wrapped.running())) {
            ScheduledTasks.registerNow(r);
        }
    }

    private static Object[] slots() {
        Object[] s = slots;
        return s != null ? s : makeSlots();
    }

    private static synchronized Object[] makeSlots() {
        if (slots == null) {
            slots = new Object[Math.max(1, Tracking.maxThreads)];
        }
        return slots;
    }

    private static synchronized void raiseUsed(int n) {
        if (n > used) {
            used = n;
        }
    }
}
