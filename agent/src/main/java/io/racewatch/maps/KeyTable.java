package io.racewatch.maps;

import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Tracking;

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
 * unlocked), and links its node under this table's monitor only if the bucket is still the one
 * it looked at, comparing references only; otherwise it looks again. Past the cap, a key from a
 * rotating bucket is forgotten, the oldest of its chain first.
 *
 * <p>Buckets are a plain array read and written through a {@link VarHandle}, not an
 * {@code AtomicReferenceArray}: the JDK's atomics carry racewatch's own happens-before hooks,
 * which every shared access would otherwise pass through (and return from) once per look-up.
 */
final class KeyTable {
    private static final int MAX_BUCKETS = 1 << 12;

    private static final class Node {
        /** The key, or a {@link WeakKey} for a weak-keyed map (replaced when its object is collected, see get). */
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
    /** Keys of a weak map are held weakly: racewatch never keeps an entry of it alive. */
    private final boolean weak;

    KeyTable(KeyMatch match, boolean weak) {
        this.match = match;
        this.weak = weak;
    }
    private int size;
    private int evictFrom;

    /** The state of {@code key} (whose hash is {@code hash}), made by {@code fresh} the first time. */
    KeyState get(Object key, int hash, java.util.function.Supplier<KeyState> fresh) {
        return get(key, hash, fresh, null);
    }

    /** {@link #get(Object, int, java.util.function.Supplier)} with the state made by {@code shadow}: no lambda per access. */
    KeyState get(Object key, int hash, MapShadow shadow) {
        return get(key, hash, null, shadow);
    }

    private KeyState get(Object key, int hash, java.util.function.Supplier<KeyState> fresh, MapShadow shadow) {
        KeyState made = null;
        while (true) {
            Node[] t = table;
            int i = hash & (t.length - 1);
            Node head = bucket(t, i);
            Node collected = null;
            for (Node n = head; n != null; n = n.next) {
                if (n.hash != hash) {
                    continue;
                }
                Object k = n.key;
                if (k instanceof WeakKey w) {
                    k = w.get();
                    if (k == null) {
                        collected = collected == null ? n : collected;
                        continue;
                    }
                }
                if (Keys.same(key, k, match)) { // application code, no lock held
                    return n.state;
                }
            }
            if (collected != null) {
                // The key object racewatch saw first is gone (often a lookup key made for one get, while
                // an equal key lives in the map): a key of the same hash takes its state over.
                collected.key = held(key);
                return collected.state;
            }
            if (made == null) {
                made = fresh != null ? fresh.get() : shadow.freshKeyState(key);
            }
            boolean evicted = false;
            synchronized (this) {
                if (table == t && bucket(t, i) == head) {
                    BUCKET.setRelease(t, i, new Node(held(key), hash, made, head));
                    if (++size > Tracking.maxKeysPerMap) {
                        evictOne();
                        evicted = true;
                    } else if (size > t.length && t.length < MAX_BUCKETS) {
                        grow(t);
                    }
                } else {
                    continue; // the bucket changed while we looked: look again
                }
            }
            if (evicted) {
                Limits.hit("keys per map", Tracking.maxKeysPerMap, "keys beyond it are forgotten, oldest first where possible");
            }
            return made;
        }
    }

    /** The chain of bucket {@code i}, published whole by the insertion that linked its head. */
    private static Node bucket(Node[] t, int i) {
        return (Node) BUCKET.getAcquire(t, i);
    }

    private Object held(Object key) {
        return weak && key != null ? new WeakKey(key) : key;
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

    /** Under this monitor: drops the last (oldest) node of the next non-empty bucket. */
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
