package io.racewatch.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A concurrent map from application objects, compared by identity and held weakly, to
 * racewatch's state about them. Application objects' own equals and hashCode are never called
 * (a map's hashCode walks its entries), and an entry goes away when its object is collected.
 *
 * <p>Striped: each stripe is a small chained hash table under its own monitor.
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
        int size;
        /** Where the next search for an entry to evict starts. */
        int evictFrom;
    }

    @SuppressWarnings("unchecked")
    private final Stripe<V>[] stripes = new Stripe[STRIPES];
    private final AtomicInteger size = new AtomicInteger();

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

    /** Stores {@code value} unless the key has one already; returns the value now in the table. */
    public V putIfAbsent(Object key, V value) {
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
            b[i] = new Entry<>(key, h, value, b[i], s.collected);
            size.incrementAndGet();
            if (++s.size > b.length) {
                grow(s);
            }
            return value;
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
            if (size.get() >= cap && !evictOne(s, evictable)) {
                return null;
            }
            b = s.buckets;
            i = (h >>> 6) & (b.length - 1);
            b[i] = new Entry<>(key, h, value, b[i], s.collected);
            size.incrementAndGet();
            if (++s.size > b.length) {
                grow(s);
            }
            return value;
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
                    size.decrementAndGet();
                    s.evictFrom = i + 1;
                    return true;
                }
            }
        }
        return false;
    }

    /** Entries, counting those whose object was collected but not yet cleared out. */
    public int size() {
        return size.get();
    }

    /** Clears out the entries of every collected object now; returns the entries left. */
    public int sizeOfLive() {
        for (Stripe<V> s : stripes) {
            synchronized (s) {
                expunge(s);
            }
        }
        return size.get();
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
                    size.decrementAndGet();
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
