package io.racewatch.locks;

import io.racewatch.order.SyncVar;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The locks one thread holds, innermost last, keyed by their {@link SyncVar} (so a read-write
 * lock's two halves and a lock's conditions are one lock). Each holding has an acquisition id
 * (tells one holding from the next), a reentrancy count, when the current hold segment began,
 * the acquiring site and the lock's profile, and the lock orders it keeps until the hold counts
 * ({@link ParkedOrders}). Touched by its own thread only.
 *
 * <p>One record per holding, reused from one hold to the next at its depth: an acquisition
 * writes one object (one or two cache lines) and allocates nothing once the thread has held
 * that many locks at once, where parallel arrays wrote one line per field.
 */
public final class HeldLocks {
    private static final AtomicLong OWNERS = new AtomicLong();

    /** Tells this thread's holds from any other thread's, for as long as the JVM runs (thread slots are reused). */
    final long owner = OWNERS.incrementAndGet();

    /** One holding: what the parallel arrays of one index held. */
    private static final class Hold {
        Object key;
        long id;
        int count;
        long since;
        /** The hold clock's round when the hold segment began, 0 for a segment timed exactly (see {@link HoldClock}). */
        int round;
        int site;
        LockProfile profile;
        /** Orders kept until the hold counts, or null (most holds): see {@link ParkedOrders}. */
        ParkedOrders parked;

        /** Drops the references a record kept while free: no lock, profile or order stays reachable from it. */
        void forget() {
            key = null;
            profile = null;
            parked = null;
        }
    }

    /**
     * Acquisitions this thread counted for {@link #counting} and has not added to it yet: a
     * thread taking locks of one name again and again counts in this plain field instead of an
     * atomic add per acquisition on a count every thread shares ({@link LockStats#acquired}).
     * Read racily by reports ({@link LockStats#snapshot}); added when the thread counts for
     * another name, and when it ends ({@link #flushCounts}).
     */
    LockStats counting;
    long counted;

    /** Records in use up to {@link #size}; past it, free records kept for the next holds (or null). */
    private Hold[] holds = new Hold[4];
    private int size;
    private long nextId;

    /** Records an acquisition; returns the new entry's index when outermost, -1 when reentrant. */
    public int acquire(Object key) {
        int i = indexOf(key);
        if (i >= 0) {
            holds[i].count++;
            return -1;
        }
        if (size == holds.length) {
            holds = java.util.Arrays.copyOf(holds, size * 2);
        }
        Hold h = holds[size];
        if (h == null) {
            h = new Hold();
            holds[size] = h;
        }
        h.key = key;
        h.id = ++nextId;
        h.count = 1;
        h.since = 0;
        h.round = 0;
        h.site = 0;
        h.profile = null;
        return size++;
    }

    /** Adds the acquisitions counted here to their lock statistics: by the thread, or once it has ended. */
    public void flushCounts() {
        LockStats s = counting;
        long n = counted;
        if (s != null && n > 0) {
            counted = 0;
            s.addAcquisitions((int) owner, n);
        }
    }

    /** Forgets every holding (a new sampling window: what was held before it is unknown from now on). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            holds[i].forget();
        }
        size = 0;
    }

    public int indexOf(Object key) {
        Hold[] h = holds;
        for (int i = size - 1; i >= 0; i--) {
            if (h[i].key == key) {
                return i;
            }
        }
        return -1;
    }

    /** Undoes one acquisition of entry {@code i}; true when the lock is now free (entry removed). */
    public boolean release(int i) {
        Hold h = holds[i];
        if (--h.count > 0) {
            return false;
        }
        h.forget();
        int tail = size - i - 1;
        if (tail > 0) { // not the innermost lock: the ones inside it move out one place, the record goes last
            System.arraycopy(holds, i + 1, holds, i, tail);
            holds[size - 1] = h;
        }
        size--;
        return true;
    }

    void hold(int i, long startedAt, int round, int site, LockProfile profile) {
        Hold h = holds[i];
        h.since = startedAt;
        h.round = round;
        h.site = site;
        h.profile = profile;
    }

    /** A new hold segment timed exactly from {@code startedAt}, or none running when it is -1. */
    void restart(int i, long startedAt) {
        Hold h = holds[i];
        h.since = startedAt;
        h.round = 0;
    }

    /**
     * Takes the time from {@code from} to {@code to} (not the application's holding) out of every
     * running hold segment: the part of it after the segment began moves the segment's start later.
     */
    public void exclude(long from, long to) {
        for (int i = 0; i < size; i++) {
            Hold h = holds[i];
            long s = h.since;
            if (s > 0 && s < to) {
                h.since = s + (to - Math.max(s, from));
            }
        }
    }

    long since(int i) {
        return holds[i].since;
    }

    /** The hold clock's round when entry {@code i}'s segment began, 0 when it is timed exactly. */
    int round(int i) {
        return holds[i].round;
    }

    /** Reentrancy count of entry {@code i}. */
    int count(int i) {
        return holds[i].count;
    }

    int site(int i) {
        return holds[i].site;
    }

    LockProfile profile(int i) {
        return holds[i].profile;
    }

    /** The orders entry {@code i}'s hold keeps until it counts, or null. */
    ParkedOrders parked(int i) {
        return holds[i].parked;
    }

    /** Entry {@code i}'s kept orders, made on first use. */
    ParkedOrders parkedOrNew(int i) {
        Hold h = holds[i];
        if (h.parked == null) {
            h.parked = new ParkedOrders();
        }
        return h.parked;
    }

    /** Forgets entry {@code i}'s kept orders (they were sent on). */
    void unpark(int i) {
        holds[i].parked = null;
    }

    public int size() {
        return size;
    }

    public long outermostId() {
        return size == 0 ? 0 : holds[0].id;
    }

    public long innermostId() {
        return size == 0 ? 0 : holds[size - 1].id;
    }

    public boolean stillHeld(long id) {
        if (id == 0) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (holds[i].id == id) {
                return true;
            }
        }
        return false;
    }
}
