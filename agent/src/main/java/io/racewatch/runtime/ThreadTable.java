package io.racewatch.runtime;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The way from the current thread to its {@link ThreadState} that a probe takes first: a
 * direct-mapped table indexed by the thread's id, each entry checked against the thread's
 * identity. A {@code ThreadLocal} look-up measured about 5 ns of an owner-mode map probe's 11;
 * this is one field read of the thread (its id), one array load and one reference compare.
 *
 * <p>The table is a cache in front of the thread-local, never the only record: a thread whose
 * entry another thread with a colliding id took, or one registered before the table was ready,
 * falls back to the thread-local. An entry holds its thread weakly (a finished thread can be
 * collected) and its state strongly; entries of collected threads are dropped at the next
 * registration, so at most {@link #SIZE} states are kept by the table, live or not.
 *
 * <p>The id is read from {@code Thread}'s own field, not through {@code getId()}, which a
 * subclass may override (racewatch never calls application code): this needs {@code java.lang}
 * open to racewatch ({@link #open}); until then, or if that failed, the table stays empty and every
 * look-up goes to the thread-local.
 */
public final class ThreadTable {
    /** Entries, a power of two: thread ids are handed out in sequence, so live threads rarely collide. */
    static final int SIZE = 1024;

    /** An entry: the thread (weakly) and its state. */
    private static final class Entry extends WeakReference<Thread> {
        final ThreadState state;
        final int index;

        Entry(Thread thread, ThreadState state, int index) {
            super(thread, COLLECTED);
            this.state = state;
            this.index = index;
        }
    }

    private static final ReferenceQueue<Thread> COLLECTED = new ReferenceQueue<>();
    private static final Entry[] ENTRIES = new Entry[SIZE];
    /**
     * {@code Thread.tid}, or null when it cannot be read (the table is then never filled). In a
     * class of its own, initialized by {@link #open} once {@code java.lang} is open (calling a
     * static method of this class initializes this class first, not that one).
     */
    private static final class Ids {
        static final VarHandle TID = threadIdHandle();
    }

    private ThreadTable() {
    }

    /**
     * Opens {@code java.lang} to racewatch, so that the table can read thread ids. Called at the
     * start of premain, before any probe or class-loading marker can look a thread up: the handle is
     * read once, when this class initializes.
     */
    public static void open(Instrumentation instrumentation) {
        try {
            JavaBase.open(instrumentation, "java.lang");
        } catch (RuntimeException e) {
            Faults.report("opening java.lang for thread ids", e);
        }
        if (Ids.TID == null) {
            Log.info("thread states are looked up through a thread-local only (thread ids not readable)");
            return;
        }
        index(Thread.currentThread()); // links the one call site that reads ids now, not inside a class-loading marker
    }

    private static VarHandle threadIdHandle() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                .findVarHandle(Thread.class, "tid", long.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** True when the table can be filled (thread ids are readable). */
    static boolean usable() {
        return Ids.TID != null;
    }

    /** The state of {@code thread} if the table has it, else null (then ask the thread-local). */
    static ThreadState get(Thread thread) {
        if (Ids.TID == null) {
            return null;
        }
        Entry e = ENTRIES[index(thread)];
        return e != null && e.refersTo(thread) ? e.state : null;
    }

    /**
     * Enters {@code state} for {@code thread}, the current thread, at its registration: taking the
     * entry from whichever thread had it (that one falls back to the thread-local). Entries of
     * threads collected since are freed after, so a look-up reached from inside that (the
     * reference queue takes a lock) finds this thread's entry already.
     */
    static void register(Thread thread, ThreadState state) {
        if (Ids.TID == null) {
            return;
        }
        int i = index(thread);
        ENTRIES[i] = new Entry(thread, state, i);
        dropCollected();
    }

    /**
     * Enters {@code state} for {@code thread}, the current thread, found through the thread-local:
     * only when the entry is free, so that two live threads with colliding ids do not keep taking
     * it from each other. Touches nothing but the table (it runs before the probe guard).
     */
    static void fill(Thread thread, ThreadState state) {
        if (Ids.TID == null) {
            return;
        }
        int i = index(thread);
        Entry old = ENTRIES[i];
        if (old == null || old.refersTo(null)) {
            ENTRIES[i] = new Entry(thread, state, i);
        }
    }

    private static int index(Thread thread) {
        return (int) (long) Ids.TID.get(thread) & (SIZE - 1);
    }

    /** Frees the entries of threads collected since (their states are then no longer kept). */
    private static void dropCollected() {
        for (java.lang.ref.Reference<? extends Thread> r; (r = COLLECTED.poll()) != null; ) {
            Entry e = (Entry) r;
            if (ENTRIES[e.index] == e) {
                ENTRIES[e.index] = null;
            }
        }
    }
}
