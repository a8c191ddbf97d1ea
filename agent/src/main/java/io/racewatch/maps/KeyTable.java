package io.racewatch.maps;

import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Tracking;

import jdk.internal.vm.annotation.DontInline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The keys of one shared map and their {@link KeyState}s, compared as the map compares them
 * (hashCode and equals), but never while racewatch holds a lock: a key's equals may take the
 * application's monitors, and a racewatch lock held around it could close a deadlock with a
 * thread that holds that monitor and waits in a probe.
 *
 * <p>Lookups walk immutable chains without a lock. An insertion looks first (equals runs then,
 * unlocked), and links its node only if the bucket is still the one it looked at, comparing
 * references only; otherwise it looks again. Until the cap the table grows, so insertions are
 * made under this table's monitor. Once it is full it never grows again and an insertion is one
 * compare-and-set on its bucket, no lock: a cache's map past the cap makes a new key on most
 * accesses, and its threads would otherwise queue on this one monitor. A full table forgets a
 * key per new key: the oldest of the new key's own bucket, in the same compare-and-set (the
 * chains keep the lengths they had at the cap, so look-ups stay short), or, when that bucket
 * is empty, the oldest of the next non-empty bucket of a rotation.
 *
 * <p>Buckets are a plain array read and written through a {@link VarHandle}, not an
 * {@code AtomicReferenceArray}: the JDK's atomics carry racewatch's own happens-before hooks,
 * which every shared access would otherwise pass through (and return from) once per look-up.
 */
final class KeyTable {
    private static final int MAX_BUCKETS = 1 << 12;

    private static final class Node {
        /**
         * The key, or a {@link WeakKey} for a weak-keyed map or a key that may reach the map (see
         * {@link Keys#reachesNothing}; replaced when its object is collected, see get).
         */
        volatile Object key;
        final int hash;
        final KeyState state;
        final Node next;

        Node(Object key, int hash, KeyState state, Node next) {
            this.key = key;
            this.hash = hash;
            this.state = state;
            this.next = next;
        }
    }

    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(Node[].class);

    private volatile Node[] table = new Node[8];
    /** How the map tells keys apart (see {@link Keys#same(Object, Object, KeyMatch)}). */
    private final KeyMatch match;
    /** Keys of a weak map are held weakly: racewatch never keeps an entry of it alive (nor any other map's, see held). */
    private final boolean weak;

    KeyTable(KeyMatch match, boolean weak) {
        this.match = match;
        this.weak = weak;
    }
    /** Keys linked so far; written under this monitor until the table is full, then no longer kept (it stays at the cap). */
    private int size;
    /** Where the next forgetting starts looking for a non-empty bucket; racy once full. */
    private int evictFrom;
    /** Set under this monitor once the keys reach the cap, after the table's last growth; never cleared. */
    private volatile boolean full;
    /** The cap was reported (racy: at worst reported twice, {@link Limits#hit} says it once). */
    private boolean capHit;

    /** The state of {@code key} (whose hash is {@code hash}), made by {@code fresh} the first time. */
    KeyState get(Object key, int hash, java.util.function.Supplier<KeyState> fresh) {
        return get(key, hash, fresh, null);
    }

    /** {@link #get(Object, int, java.util.function.Supplier)} with the state made by {@code shadow}: no lambda per access. */
    KeyState get(Object key, int hash, MapShadow shadow) {
        return get(key, hash, null, shadow);
    }

    /**
     * The look-up every access makes: one walk of the key's chain, small enough for the JIT to inline
     * into its caller. A key not found (a new key, or a collected key's state to take over) goes to
     * {@link #missed}, compiled on its own: the insertion is several times the walk's size, and inlined
     * it made this method too big to inline anywhere (and each caller's compilation paid for it again).
     */
    private KeyState get(Object key, int hash, java.util.function.Supplier<KeyState> fresh, MapShadow shadow) {
        Node[] t = table;
        Node head = bucket(t, hash & (t.length - 1));
        KeyState found = find(head, key, hash);
        return found != null ? found : missed(key, hash, fresh, shadow, t, head);
    }

    /** The state of {@code key} in the chain from {@code head}, or null; skips keys whose object was collected. */
    private KeyState find(Node head, Object key, int hash) {
        for (Node n = head; n != null; n = n.next) {
            if (n.hash != hash) {
                continue;
            }
            Object k = n.key;
            if (k instanceof WeakKey w) {
                k = w.get();
                if (k == null) {
                    continue;
                }
            }
            if (Keys.same(key, k, match)) { // application code, no lock held
                return n.state;
            }
        }
        return null;
    }

    /** The first node of the chain from {@code head} with this hash whose key object was collected, or null. */
    private static Node collected(Node head, int hash) {
        for (Node n = head; n != null; n = n.next) {
            if (n.hash == hash && n.key instanceof WeakKey w && w.get() == null) {
                return n;
            }
        }
        return null;
    }

    /**
     * {@link #get} for a key the walk did not find: takes over a collected key's state of the same hash,
     * else links a new state. {@code walked} is the table and chain head the caller's walk found nothing in:
     * the first attempt links only if the bucket still starts there; each later one walks the chain again,
     * for a key another thread linked meanwhile.
     */
    @DontInline
    private KeyState missed(Object key, int hash, java.util.function.Supplier<KeyState> fresh, MapShadow shadow,
                            Node[] walked, Node walkedHead) {
        KeyState made = null;
        Node[] t = walked;
        Node head = walkedHead;
        boolean again = false;
        while (true) {
            if (again) { // every continue below: look again, in the table as it is now
                t = table;
                head = bucket(t, hash & (t.length - 1));
                KeyState found = find(head, key, hash);
                if (found != null) {
                    return found;
                }
            }
            again = true;
            int i = hash & (t.length - 1);
            Node collected = collected(head, hash);
            if (collected != null) {
                // The key object racewatch saw first is gone (often a lookup key made for one get, while
                // an equal key lives in the map): a key of the same hash takes its state over.
                collected.key = held(key);
                return collected.state;
            }
            if (made == null) {
                made = fresh != null ? fresh.get() : shadow.freshKeyState(key);
            }
            if (full) {
                if (table != t) {
                    continue; // read before the last growth (the flag is set after it): look in the table as it is
                }
                if (head != null) {
                    // The bucket gives its oldest key up for the new one, in one step: the key count stays at the cap.
                    if (!BUCKET.compareAndSet(t, i, head, new Node(held(key, made), hash, made, without(head)))) {
                        continue; // the bucket changed while we looked: look again
                    }
                } else if (BUCKET.compareAndSet(t, i, null, new Node(held(key, made), hash, made, null))) {
                    evictElsewhere(t, i);
                } else {
                    continue;
                }
                capHit();
                return made;
            }
            boolean evicted = false;
            synchronized (this) {
                if (full) {
                    continue; // filled meanwhile: insert without the lock
                }
                if (table == t && bucket(t, i) == head) {
                    // Exclusive: no insertion runs without this monitor until the table is full.
                    BUCKET.setRelease(t, i, new Node(held(key, made), hash, made, head));
                    if (++size > Tracking.maxKeysPerMap) {
                        evictOne(); // only when the cap was lowered while this table was filling (tests)
                        evicted = true;
                    } else if (size > t.length && t.length < MAX_BUCKETS) {
                        grow(t);
                    }
                    if (size >= Tracking.maxKeysPerMap) {
                        full = true; // after any growth: a thread that sees it reads the final table
                    }
                } else {
                    continue; // the bucket changed while we looked: look again
                }
            }
            if (evicted) {
                capHit();
            }
            return made;
        }
    }

    /** True once the keys reached the cap: from then on a new key makes the table forget another. */
    boolean isFull() {
        return full;
    }

    /** Says once that the cap was reached (per table: no shared look-up per new key). */
    private void capHit() {
        if (!capHit) {
            capHit = true;
            Limits.hit("keys per map", Tracking.maxKeysPerMap, "keys beyond it are forgotten, oldest first where possible");
        }
    }

    /**
     * A full table's new key went to an empty bucket ({@code taken}): the oldest key of the next
     * non-empty other bucket is forgotten, so the count stays at the cap. When no other bucket
     * holds a key, the table holds one key, under any cap.
     */
    private void evictElsewhere(Node[] t, int taken) {
        int from = evictFrom; // racy: two threads may start at one bucket, each then forgets its own key there
        for (int k = 0; k < t.length; k++) {
            int i = (from + k) & (t.length - 1);
            if (i == taken) {
                continue;
            }
            Node head;
            while ((head = bucket(t, i)) != null) {
                if (BUCKET.compareAndSet(t, i, head, without(head))) {
                    evictFrom = i + 1;
                    return;
                }
            }
        }
    }

    /** The chain of bucket {@code i}, published whole by the insertion that linked its head. */
    private static Node bucket(Node[] t, int i) {
        return (Node) BUCKET.getAcquire(t, i);
    }

    /** The key as this table may keep it: weakly unless it is a strong map's key that reaches nothing of the program's. */
    private Object held(Object key) {
        return key != null && (weak || !Keys.reachesNothing(key)) ? new WeakKey(key) : key;
    }

    /**
     * {@link #held(Object)} for a new key whose state {@code made} was made for it: what the state keeps
     * of the key, when it keeps one (the key itself, or a copy of a weak map's boxed primitive, equal to
     * it and no object of the program's: see {@link KeyState#of}), else a weak hold. A copy needs no weak
     * reference, nor the collector's work on one, for each new key of a weak map.
     */
    private Object held(Object key, KeyState made) {
        Object kept = made.key();
        return key == null || kept == null ? held(key) : kept;
    }

    /** The most keys one bucket holds (a look-up walks one chain); for tests. */
    int longestChain() {
        Node[] t = table;
        int longest = 0;
        for (int i = 0; i < t.length; i++) {
            int n = 0;
            for (Node x = bucket(t, i); x != null; x = x.next) {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return longest;
    }

    /** Every state, for map-wide publication; a snapshot, no application code. */
    void forEach(Consumer<KeyState> action) {
        Node[] t = table;
        for (int i = 0; i < t.length; i++) {
            for (Node n = bucket(t, i); n != null; n = n.next) {
                action.accept(n.state);
            }
        }
    }

    /** Under this monitor, before the table is full: drops the last (oldest) node of the next non-empty bucket. */
    private void evictOne() {
        Node[] t = table;
        for (int k = 0; k < t.length; k++) {
            int i = (evictFrom + k) & (t.length - 1);
            Node head = bucket(t, i);
            if (head != null) {
                BUCKET.setRelease(t, i, without(head));
                evictFrom = i + 1;
                size--;
                return;
            }
        }
    }

    /** The chain without its last node (chains are immutable: the path is copied). */
    private static Node without(Node head) {
        if (head.next == null) {
            return null;
        }
        return new Node(head.key, head.hash, head.state, without(head.next));
    }

    private void grow(Node[] old) {
        Node[] t = new Node[old.length * 2];
        for (int i = 0; i < old.length; i++) {
            // Reversed twice over the two copies: keep each chain's newest-first order.
            java.util.ArrayDeque<Node> chain = new java.util.ArrayDeque<>();
            for (Node n = bucket(old, i); n != null; n = n.next) {
                chain.push(n);
            }
            while (!chain.isEmpty()) {
                Node n = chain.pop();
                int j = n.hash & (t.length - 1);
                t[j] = new Node(n.key, n.hash, n.state, t[j]); // not yet published: the volatile write below does
            }
        }
        table = t;
    }
}
