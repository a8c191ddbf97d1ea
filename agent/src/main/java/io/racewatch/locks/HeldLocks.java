package io.racewatch.locks;

import io.racewatch.order.SyncVar;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The locks one thread holds, innermost last, keyed by their {@link SyncVar} (so a read-write
 * lock's two halves and a lock's conditions are one lock). Each holding has an acquisition id
 * (tells one holding from the next), a reentrancy count, when the current hold segment began,
 * the acquiring site and the lock's profile, and the lock orders it keeps until the hold counts
 * ({@link ParkedOrders}). Touched by its own thread only.
 */
public final class HeldLocks {
    private static final AtomicLong OWNERS = new AtomicLong();

    /** Tells this thread's holds from any other thread's, for as long as the JVM runs (thread slots are reused). */
    final long owner = OWNERS.incrementAndGet();

    private Object[] keys = new Object[4];
    private long[] ids = new long[4];
    private int[] counts = new int[4];
    private long[] since = new long[4];
    /** The hold clock's round when each hold segment began, 0 for a segment timed exactly (see {@link HoldClock}). */
    private int[] rounds = new int[4];
    private int[] sites = new int[4];
    private LockProfile[] profiles = new LockProfile[4];
    /** Orders kept until the hold counts, or null (most holds): see {@link ParkedOrders}. */
    private ParkedOrders[] parked = new ParkedOrders[4];
    private int size;
    private long nextId;

    /** Records an acquisition; returns the new entry's index when outermost, -1 when reentrant. */
    public int acquire(Object key) {
        int i = indexOf(key);
        if (i >= 0) {
            counts[i]++;
            return -1;
        }
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            ids = Arrays.copyOf(ids, n);
            counts = Arrays.copyOf(counts, n);
            since = Arrays.copyOf(since, n);
            rounds = Arrays.copyOf(rounds, n);
            sites = Arrays.copyOf(sites, n);
            profiles = Arrays.copyOf(profiles, n);
            parked = Arrays.copyOf(parked, n);
        }
        keys[size] = key;
        ids[size] = ++nextId;
        counts[size] = 1;
        since[size] = 0;
        rounds[size] = 0;
        sites[size] = 0;
        profiles[size] = null;
        return size++;
    }

    /** Forgets every holding (a new sampling window: what was held before it is unknown from now on). */
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(profiles, 0, size, null);
        Arrays.fill(parked, 0, size, null);
        size = 0;
    }

    public int indexOf(Object key) {
        for (int i = size - 1; i >= 0; i--) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Undoes one acquisition of entry {@code i}; true when the lock is now free (entry removed). */
    public boolean release(int i) {
        if (--counts[i] > 0) {
            return false;
        }
        int tail = size - i - 1;
        if (tail == 0) { // the innermost lock, the common case: nothing to move
            size--;
            keys[size] = null;
            profiles[size] = null;
            parked[size] = null;
            return true;
        }
        System.arraycopy(keys, i + 1, keys, i, tail);
        System.arraycopy(ids, i + 1, ids, i, tail);
        System.arraycopy(counts, i + 1, counts, i, tail);
        System.arraycopy(since, i + 1, since, i, tail);
        System.arraycopy(rounds, i + 1, rounds, i, tail);
        System.arraycopy(sites, i + 1, sites, i, tail);
        System.arraycopy(profiles, i + 1, profiles, i, tail);
        System.arraycopy(parked, i + 1, parked, i, tail);
        size--;
        keys[size] = null;
        profiles[size] = null;
        parked[size] = null;
        return true;
    }

    void hold(int i, long startedAt, int round, int site, LockProfile profile) {
        since[i] = startedAt;
        rounds[i] = round;
        sites[i] = site;
        profiles[i] = profile;
    }

    /** A new hold segment timed exactly from {@code startedAt}, or none running when it is -1. */
    void restart(int i, long startedAt) {
        since[i] = startedAt;
        rounds[i] = 0;
    }

    /**
     * Takes the time from {@code from} to {@code to} (not the application's holding) out of every
     * running hold segment: the part of it after the segment began moves the segment's start later.
     */
    public void exclude(long from, long to) {
        for (int i = 0; i < size; i++) {
            long s = since[i];
            if (s > 0 && s < to) {
                since[i] = s + (to - Math.max(s, from));
            }
        }
    }

    long since(int i) {
        return since[i];
    }

    /** The hold clock's round when entry {@code i}'s segment began, 0 when it is timed exactly. */
    int round(int i) {
        return rounds[i];
    }

    /** Reentrancy count of entry {@code i}. */
    int count(int i) {
        return counts[i];
    }

    int site(int i) {
        return sites[i];
    }

    LockProfile profile(int i) {
        return profiles[i];
    }

    /** The orders entry {@code i}'s hold keeps until it counts, or null. */
    ParkedOrders parked(int i) {
        return parked[i];
    }

    /** Entry {@code i}'s kept orders, made on first use. */
    ParkedOrders parkedOrNew(int i) {
        ParkedOrders p = parked[i];
        if (p == null) {
            p = new ParkedOrders();
            parked[i] = p;
        }
        return p;
    }

    /** Forgets entry {@code i}'s kept orders (they were sent on). */
    void unpark(int i) {
        parked[i] = null;
    }

    public int size() {
        return size;
    }

    public long outermostId() {
        return size == 0 ? 0 : ids[0];
    }

    public long innermostId() {
        return size == 0 ? 0 : ids[size - 1];
    }

    public boolean stillHeld(long id) {
        if (id == 0) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}
