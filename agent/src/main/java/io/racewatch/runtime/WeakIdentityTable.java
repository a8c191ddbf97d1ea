package io.racewatch.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A concurrent map from application objects, compared by identity and held weakly, to
 * racewatch's state about them. Application objects' own equals and hashCode are never called
 * (a map's hashCode walks its entries), and an entry goes away when its object is collected.
 *
 * <p>Striped: each stripe is a small chained hash table under its own monitor. Counts are kept
 * per stripe, not in one {@code AtomicInteger}: a single counter is a cache line every thread
 * that makes an entry writes (a reactive pipeline makes one per object it publishes through),
 * and the JDK's atomics carry racewatch's own probes.
 */
public final class WeakIdentityTable<V> {
    private static final int STRIPES = 64;

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private static final class Stripe<V> {
        final ReferenceQueue<Object> collected = new ReferenceQueue<>();
        @SuppressWarnings("unchecked")
        Entry<V>[] buckets = new Entry[16];
        /** Entries, written under the monitor, read without it for {@link #size()}. */
        volatile int size;
        /** Entries ever put here: only grows (see {@link #insertions(Object)}). */
        volatile int insertions;
        /** Where the next search for an entry to evict starts. */
        int evictFrom;
    }

    @SuppressWarnings("unchecked")
    private final Stripe<V>[] stripes = new Stripe[STRIPES];

    public WeakIdentityTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe<>();
        }
    }

    private static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    /** Chain links a look-up without the stripe's monitor follows before it asks under the monitor. */
    private static final int UNLOCKED_STEPS = 8;

    public V get(Object key) {
        int h = hash(key);
        Stripe<V> s = stripes[h & (STRIPES - 1)];
        V found = unlocked(s, key, h);
        return found != null ? found : locked(s, key, h);
    }

    /**
     * The value of {@code key} if a look-up without the stripe's monitor finds it, else null; it
     * may miss an entry that is there (a chain relinked meanwhile). For a caller that puts a
     * value when it finds none: {@link #putIfAbsent} looks again under the monitor, so a look-up
     * that would miss and then lock twice (once to look, once to put) locks once.
     */
    public V peek(Object key) {
        int h = hash(key);
        return unlocked(stripes[h & (STRIPES - 1)], key, h);
    }

    /**
     * How many entries were ever put in the stripe of {@code key} (never goes down): while it has
     * not moved, a key that had no entry still has none. Whoever put one did so before this count
     * was raised, with the stripe's monitor held.
     */
    public int insertions(Object key) {
        return stripes[hash(key) & (STRIPES - 1)].insertions;
    }

    /** The look-up without the monitor; may miss an entry that is there (see {@link #get}). */
    private V unlocked(Stripe<V> s, Object key, int h) {
        // First without the monitor (the common case: the key is there). An entry's hash and value
        // are final, so an entry seen is seen whole; a chain relinked meanwhile (grow, expunge) may
        // hide an entry or even loop, so the walk is bounded, and a key not found is looked for
        // again under the monitor. A removed or replaced entry is cleared as it leaves: seen just
        // before, it gives what a locked look-up just before the removal would have.
        Entry<V>[] unlocked = s.buckets;
        Entry<V> seen = unlocked[(h >>> 6) & (unlocked.length - 1)];
        for (int steps = 0; seen != null && steps < UNLOCKED_STEPS; seen = seen.next, steps++) {
            if (seen.hash == h && seen.get() == key) {
                return seen.value;
            }
        }
        return null;
    }

    /** The look-up under the stripe's monitor (reentrant: callers that hold it already may call it). */
    private V locked(Stripe<V> s, Object key, int h) {
        synchronized (s) {
            Entry<V>[] b = s.buckets;
            for (Entry<V> e = b[(h >>> 6) & (b.length - 1)]; e != null; e = e.next) {
                if (e.hash == h && e.get() == key) {
                    return e.value;
                }
            }
        }
        return null;
    }

    /** Links a new entry for a key not in the table; under the stripe's monitor. */
    private V insert(Stripe<V> s, Object key, int h, V value) {
        expunge(s);
        Entry<V>[] b = s.buckets;
        int i = (h >>> 6) & (b.length - 1);
        b[i] = new Entry<>(key, h, value, b[i], s.collected);
        s.insertions++;
        int n = s.size + 1;
        s.size = n;
        if (n > b.length) {
            grow(s);
        }
        return value;
    }

    /** Stores {@code value} unless the key has one already; returns the value now in the table. */
    public V putIfAbsent(Object key, V value) {
        int h = hash(key);
        Stripe<V> s = stripes[h & (STRIPES - 1)];
        synchronized (s) {
            V found = locked(s, key, h);
            return found != null ? found : insert(s, key, h, value);
        }
    }

    /**
     * {@link #putIfAbsent}, keeping the table at most {@code cap} entries: when it is full, an
     * entry of the same stripe whose object was collected, or whose value {@code evictable}
     * accepts, is removed first (the search resumes where the last one stopped, so entries leave
     * roughly in the order they came). Returns the value now in the table, or null when there
     * was no room.
     */
    public V putIfAbsent(Object key, V value, int cap, java.util.function.Predicate<V> evictable) {
        int h = hash(key);
        Stripe<V> s = stripes[h & (STRIPES - 1)];
        synchronized (s) {
            expunge(s);
            Entry<V>[] b = s.buckets;
            int i = (h >>> 6) & (b.length - 1);
            for (Entry<V> e = b[i]; e != null; e = e.next) {
                if (e.hash == h && e.get() == key) {
                    return e.value;
                }
            }
            if (size() >= cap && !evictOne(s, evictable)) {
                return null;
            }
            return insert(s, key, h, value);
        }
    }

    /**
     * The value of a live object with this identity hash whose class has this name, or null.
     * For reports that know an object only by {@code Class@hash} (the JVM's deadlock search);
     * two live objects of one class can share a hash, so the answer is a hint.
     */
    public V findByIdentityHash(int identityHash, String className) {
        int h = identityHash ^ (identityHash >>> 16);
        Stripe<V> s = stripes[h & (STRIPES - 1)];
        synchronized (s) {
            Entry<V>[] b = s.buckets;
            for (Entry<V> e = b[(h >>> 6) & (b.length - 1)]; e != null; e = e.next) {
                Object key = e.hash == h ? e.get() : null;
                if (key != null && System.identityHashCode(key) == identityHash && key.getClass().getName().equals(className)) {
                    return e.value;
                }
            }
        }
        return null;
    }

    /**
     * Replaces the value of {@code key} with {@code value} if it is still {@code expected};
     * returns the value now in the table (the other thread's, when it replaced it first).
     */
    public V replace(Object key, V expected, V value) {
        int h = hash(key);
        Stripe<V> s = stripes[h & (STRIPES - 1)];
        synchronized (s) {
            Entry<V>[] b = s.buckets;
            int i = (h >>> 6) & (b.length - 1);
            Entry<V> prev = null;
            for (Entry<V> e = b[i]; e != null; prev = e, e = e.next) {
                if (e.hash == h && e.get() == key) {
                    if (e.value != expected) {
                        return e.value;
                    }
                    Entry<V> fresh = new Entry<>(key, h, value, e.next, s.collected);
                    if (prev == null) {
                        b[i] = fresh;
                    } else {
                        prev.next = fresh;
                    }
                    e.clear(); // never enqueued now: it has left the table already
                    return value;
                }
            }
            return null;
        }
    }

    /** Removes one entry of the stripe that is dead or evictable; false when there is none. */
    private boolean evictOne(Stripe<V> s, java.util.function.Predicate<V> evictable) {
        Entry<V>[] b = s.buckets;
        for (int k = 0; k < b.length; k++) {
            int i = (s.evictFrom + k) & (b.length - 1);
            Entry<V> prev = null;
            for (Entry<V> e = b[i]; e != null; prev = e, e = e.next) {
                if (e.get() == null || evictable.test(e.value)) {
                    if (prev == null) {
                        b[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    e.clear(); // never enqueued now: it has left the table already
                    s.size--;
                    s.evictFrom = i + 1;
                    return true;
                }
            }
        }
        return false;
    }

    /** Entries, counting those whose object was collected but not yet cleared out. */
    public int size() {
        int n = 0;
        for (Stripe<V> s : stripes) {
            n += s.size;
        }
        return n;
    }

    /** Clears out the entries of every collected object now; returns the entries left. */
    public int sizeOfLive() {
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                expunge(s);
            }
        }
        return size();
    }

    @SuppressWarnings("unchecked")
    private void expunge(Stripe<V> s) {
        Object ref;
        while ((ref = s.collected.poll()) != null) {
            Entry<V> dead = (Entry<V>) ref;
            Entry<V>[] b = s.buckets;
            int i = (dead.hash >>> 6) & (b.length - 1);
            Entry<V> prev = null;
            for (Entry<V> e = b[i]; e != null; prev = e, e = e.next) {
                if (e == dead) {
                    if (prev == null) {
                        b[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    s.size--;
                    break;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void grow(Stripe<V> s) {
        Entry<V>[] old = s.buckets;
        Entry<V>[] b = new Entry[old.length * 2];
        for (Entry<V> head : old) {
            for (Entry<V> e = head; e != null; ) {
                Entry<V> next = e.next;
                int i = (e.hash >>> 6) & (b.length - 1);
                e.next = b[i];
                b[i] = e;
                e = next;
            }
        }
        s.buckets = b;
    }
}
