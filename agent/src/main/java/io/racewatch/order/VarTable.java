package io.racewatch.order;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

import jdk.internal.vm.annotation.DontInline;

/**
 * The sync var of each application object, by identity, holding the object weakly. Unlike
 * {@code WeakIdentityTable} (an entry object pointing at a value), a var made for an object is
 * itself the table's entry ({@link SyncVar} is a {@link Node}): a reactive pipeline makes a var
 * for nearly every object it publishes through, and one object per var instead of two is one
 * allocation, one cache miss per look-up and a third of the bytes every young collection copies
 * (the table keeps each var alive until its object is collected) fewer. An object bound to
 * another's var ({@link #bind}) gets a small {@link Alias} entry.
 *
 * <p>Striped: each stripe is a chained hash table under its own monitor. Look-ups walk a chain
 * without the monitor first (bounded: a chain relinked meanwhile may hide an entry or loop). A
 * walk that reaches the chain's end while no growth relinked the stripe's chains is a sure miss
 * (an insertion only prepends, and unlinking a collected object's entry never hides a live one):
 * most look-ups of objects with no var (a volatile field nobody released into) end there,
 * without the monitor. Any other miss is looked for again under the monitor.
 */
final class VarTable {
    private static final int STRIPES = 64;
    /** Chain links a look-up without the monitor follows before it asks under the monitor. */
    private static final int UNLOCKED_STEPS = 8;
    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(Node[].class);
    private static final VarHandle GROWTHS;

    static {
        try {
            GROWTHS = MethodHandles.lookup().findVarHandle(Stripe.class, "growths", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** An entry: its object (weakly), the object's hash, the next entry of its bucket. */
    abstract static class Node extends WeakReference<Object> {
        final int hash;
        /** Relinked only under the stripe's monitor. */
        Node next;

        Node(Object key, ReferenceQueue<Object> queue, int hash) {
            super(key, queue);
            this.hash = hash;
        }

        /** The var this entry stands for. */
        abstract SyncVar var();
    }

    /** An object that synchronizes through another's var (a read lock through its lock's). */
    private static final class Alias extends Node {
        private final SyncVar var;

        Alias(Object key, ReferenceQueue<Object> queue, int hash, SyncVar var) {
            super(key, queue, hash);
            this.var = var;
        }

        @Override
        SyncVar var() {
            return var;
        }
    }

    private static final class Stripe {
        // Padding first (the JVM lays out long fields first): the stripes are made one after the
        // other, and each one's monitor word and counts are written by every insertion into it;
        // without the gap, neighbouring stripes share a cache line and look-ups in one stripe miss
        // on insertions into the next.
        @SuppressWarnings("unused")
        long p0, p1, p2, p3, p4, p5, p6, p7;
        final ReferenceQueue<Object> collected = new ReferenceQueue<>();
        /** Replaced whole by {@link #grow}; its slots are written with release stores. */
        volatile Node[] buckets = new Node[16];
        int size;
        /** Entries ever put here: only grows (see {@link #insertions(Object)}). */
        volatile int insertions;
        /**
         * Odd while {@link #grow} relinks the chains, advanced once more when it is done: a walk
         * without the monitor that saw the same even count before and after saw whole chains.
         */
        volatile int growths;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    VarTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    private Stripe stripe(int h) {
        return stripes[h & (STRIPES - 1)];
    }

    private static int index(int h, int length) {
        return (h >>> 6) & (length - 1);
    }

    /** The entry of {@code key}, or null when it may have none (a look-up without the monitor can miss). */
    Node peek(Object key) {
        int h = hash(key);
        Node[] b = stripe(h).buckets;
        Node n = (Node) BUCKET.getAcquire(b, index(h, b.length));
        for (int steps = 0; n != null && steps < UNLOCKED_STEPS; n = n.next, steps++) {
            if (n.hash == h && n.refersTo(key)) {
                return n;
            }
        }
        return null;
    }

    /** The var of {@code key}, or null when it has none. */
    SyncVar get(Object key) {
        Node n = entry(key);
        return n != null ? n.var() : null;
    }

    /** The var of {@code key}, made now if it has none. */
    SyncVar make(Object key) {
        return madeEntry(key).var();
    }

    /**
     * The entry of {@code key} (its var, or its binding to another object's), or null when it has
     * none. An entry names its object weakly, so a thread's cache of entries ({@link SyncVars})
     * tells a hit by {@link Node#refersTo} and keeps no object of the program's alive. Out of
     * line, like {@link #madeEntry}: the threads' caches answer most look-ups (in the reactive
     * workload all but 0.8 of 19 million), and inlined, the walk made every probe that looks up a
     * var compile to several KB more.
     */
    @DontInline
    Node entry(Object key) {
        int h = hash(key);
        Stripe s = stripe(h);
        int growths = s.growths;
        Node[] b = s.buckets; // read after the count: a growth done before it has published its array
        Node n = (Node) BUCKET.getAcquire(b, index(h, b.length));
        for (int steps = 0; n != null; n = n.next) {
            if (n.hash == h && n.refersTo(key)) {
                return n;
            }
            if (++steps == UNLOCKED_STEPS) {
                return underMonitor(key, false);
            }
        }
        return sureMiss(s, growths) ? null : underMonitor(key, false);
    }

    /**
     * True when a walk without the monitor that began at count {@code growths} and reached the end
     * of its chain saw the whole chain: no growth was under way when it began, and none began
     * since. The walk's reads come before the count's second read (the fence).
     */
    static boolean sureMiss(Object stripe, int growths) {
        VarHandle.loadLoadFence();
        return (growths & 1) == 0 && ((Stripe) stripe).growths == growths;
    }

    /** The stripe of {@code key} and its growth count now, for {@link #sureMiss} (tests). */
    Object stripeOf(Object key) {
        return stripe(hash(key));
    }

    static int growthsOf(Object stripe) {
        return ((Stripe) stripe).growths;
    }

    /** The entry of {@code key}, with a var made now if it has none (out of line: see {@link #entry}). */
    @DontInline
    Node madeEntry(Object key) {
        Node n = peek(key);
        return n != null ? n : underMonitor(key, true);
    }

    /**
     * The look-up under the stripe's monitor, and the var made there when {@code make} and none is
     * found. Out of line: inlined, the monitor, the insertion and the growth made every probe's
     * compiled look-up several times its size (and C2 compiled it again and again).
     */
    @DontInline
    private Node underMonitor(Object key, boolean make) {
        int h = hash(key);
        Stripe s = stripe(h);
        synchronized (s) {
            Node n = locked(s, key, h);
            if (n == null && make) {
                n = new SyncVar(key, s.collected, h);
                insert(s, n);
            }
            return n;
        }
    }

    /** Makes {@code alias} synchronize through {@code var} unless it has a var already (the first binding wins). */
    void bind(Object alias, SyncVar var) {
        int h = hash(alias);
        Stripe s = stripe(h);
        synchronized (s) {
            if (locked(s, alias, h) == null) {
                insert(s, new Alias(alias, s.collected, h, var));
            }
        }
    }

    /**
     * How many entries were ever put in the stripe of {@code key} (never goes down): while it has
     * not moved, a key that had no var still has none. Whoever put one did so before raising it.
     */
    int insertions(Object key) {
        return stripe(hash(key)).insertions;
    }

    /**
     * The var of a live object with this identity hash whose class has this name, or null: a hint,
     * two live objects of one class can share a hash.
     */
    SyncVar findByIdentityHash(int identityHash, String className) {
        int h = identityHash ^ (identityHash >>> 16);
        Stripe s = stripe(h);
        synchronized (s) {
            Node[] b = s.buckets;
            for (Node n = b[index(h, b.length)]; n != null; n = n.next) {
                Object key = n.hash == h ? n.get() : null;
                if (key != null && System.identityHashCode(key) == identityHash && key.getClass().getName().equals(className)) {
                    return n.var();
                }
            }
        }
        return null;
    }

    /**
     * Unlinks the entries of every collected object now. Without it an entry goes only when its
     * stripe next gets a new one, and a program that goes quiet after a burst would keep the vars
     * (and their clocks) of everything the burst published until then.
     */
    void expungeCollected() {
        for (Stripe s : stripes) {
            synchronized (s) {
                expunge(s);
            }
        }
    }

    /** Entries in the table, counting those whose object was collected but not yet cleared out. */
    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    private static Node locked(Stripe s, Object key, int h) {
        Node[] b = s.buckets;
        for (Node n = b[index(h, b.length)]; n != null; n = n.next) {
            if (n.hash == h && n.refersTo(key)) {
                return n;
            }
        }
        return null;
    }

    /** Links a new entry; under the stripe's monitor. The release store publishes it whole. */
    private static void insert(Stripe s, Node node) {
        expunge(s);
        Node[] b = s.buckets;
        int i = index(node.hash, b.length);
        node.next = b[i];
        BUCKET.setRelease(b, i, node);
        s.insertions++;
        if (++s.size > b.length) {
            grow(s);
        }
    }

    /** Unlinks the entries of collected objects; under the stripe's monitor. */
    private static void expunge(Stripe s) {
        Object ref;
        while ((ref = s.collected.poll()) != null) {
            Node dead = (Node) ref;
            Node[] b = s.buckets;
            int i = index(dead.hash, b.length);
            Node prev = null;
            for (Node n = b[i]; n != null; prev = n, n = n.next) {
                if (n == dead) {
                    if (prev == null) {
                        BUCKET.setRelease(b, i, n.next);
                    } else {
                        prev.next = n.next;
                    }
                    s.size--;
                    break;
                }
            }
        }
    }

    /**
     * Twice the buckets; the new array is published by the volatile store of the field. The
     * growth count is odd while chains are relinked (a full fence after the first step: no
     * relinking store may be seen before the count says so).
     */
    private static void grow(Stripe s) {
        GROWTHS.getAndAdd(s, 1);
        VarHandle.fullFence();
        Node[] old = s.buckets;
        Node[] b = new Node[old.length * 2];
        for (Node head : old) {
            for (Node n = head; n != null; ) {
                Node next = n.next;
                int i = index(n.hash, b.length);
                n.next = b[i];
                b[i] = n;
                n = next;
            }
        }
        s.buckets = b;
        GROWTHS.setRelease(s, s.growths + 1);
    }
}
