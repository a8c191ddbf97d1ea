package io.racewatch.order;

import io.racewatch.locks.Duties;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.WeakIdentityTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sync vars of a concurrent map's keys, for the hooks inside {@code ConcurrentHashMap}
 * ({@link OrderProbes#keyWriting}): a map orders an update of a key before a retrieval of that
 * key, not of every key. A key is known by the hash the map itself computed (the hooks never call
 * the key's {@code hashCode}), folded into {@value #STRIPES} stripes per map: two keys of one
 * stripe order each other (this can hide a race, never invent one), and a map's vars stay
 * bounded however many keys it sees. Each stripe has two vars: one that unchecked callers release
 * into, and one for the calls a map probe makes for checked code (see {@link OrderProbes#keySeen}).
 * A map's stripes are made with the map when code outside the JDK makes it, and go when the map
 * is collected; the maps the JDK makes for itself (class-loading locks, interned method types,
 * caches) have none and order nothing: threads that merely load or link the same classes must not
 * look ordered. Such a map costs a look-up per call.
 */
final class KeyedVars {
    /** Stripes per map: a power of two. */
    static final int STRIPES = 64;
    private static final WeakIdentityTable<SyncVar[]> TABLE = new WeakIdentityTable<>();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(SyncVar[].class);
    private static final VarHandle MADE;
    /**
     * Advanced after every map's stripes are made: while it has not moved, a map a thread found
     * without stripes still has none (see {@link SyncVars#existing}).
     */
    @SuppressWarnings("unused")
    private static volatile int made;

    static {
        try {
            MADE = MethodHandles.lookup().findStaticVarHandle(KeyedVars.class, "made", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private KeyedVars() {
    }

    /** Does nothing: calling it initializes the class. */
    static void ready() {
    }

    /** Whether {@code map} has its stripes: a map made outside the JDK ({@link OrderProbes#concurrentMapMade}). */
    static boolean registered(Object map) {
        return TABLE.get(map) != null;
    }

    /** Gives {@code map} its stripes (see {@link #registered}). */
    static void register(Object map) {
        TABLE.putIfAbsent(map, new SyncVar[2 * STRIPES]);
        MADE.getAndAdd(1);
    }

    /**
     * The var of {@code hash}'s stripe in {@code map} for checked or unchecked callers, made if
     * needed: for a write. Null for a map that has no stripes (the JDK made it for itself).
     */
    static SyncVar of(ThreadState ts, Object map, int hash, boolean checked) {
        SyncVar[] stripes = stripesOf(ts, map);
        if (stripes == null) {
            return null;
        }
        int i = stripe(hash, checked);
        SyncVar v = (SyncVar) SLOT.getAcquire(stripes, i);
        if (v == null) {
            SyncVar made = new SyncVar();
            v = (SyncVar) SLOT.compareAndExchange(stripes, i, (SyncVar) null, made);
            if (v == null) {
                v = made;
            }
        }
        return v;
    }

    /**
     * Acquires {@code hash}'s stripe in {@code map}: the unchecked callers' var, and the checked
     * code's too when {@code alsoChecked}; a var nobody wrote is not made (a read makes nothing).
     * A write this read must see made its var before the map published the value the read found,
     * so it is visible here. One look-up of the map's stripes for both.
     */
    static void acquire(ThreadState ts, Object map, int hash, boolean alsoChecked) {
        SyncVar[] stripes = stripesOf(ts, map);
        if (stripes == null) {
            return;
        }
        SyncVar byLibraries = (SyncVar) SLOT.getAcquire(stripes, stripe(hash, false));
        if (byLibraries != null) {
            byLibraries.acquire(ts);
        }
        if (alsoChecked) {
            SyncVar byChecked = (SyncVar) SLOT.getAcquire(stripes, stripe(hash, true));
            if (byChecked != null) {
                byChecked.acquire(ts);
            }
        }
    }

    /** Acquires every stripe of {@code map} that anyone released into, checked code's and libraries'. */
    static void acquireAll(ThreadState ts, Object map) {
        SyncVar[] stripes = stripesOf(ts, map);
        if (stripes == null) {
            return;
        }
        for (int i = 0; i < stripes.length; i++) {
            SyncVar v = (SyncVar) SLOT.getAcquire(stripes, i);
            if (v != null) {
                v.acquire(ts);
            }
        }
    }

    private static int stripe(int hash, boolean checked) {
        return ((hash ^ (hash >>> 16)) & (STRIPES - 1)) + (checked ? STRIPES : 0);
    }

    /** The map's stripes, or null; each thread keeps the map it used last, and the last one it found without. */
    private static SyncVar[] stripesOf(ThreadState ts, Object map) {
        if (ts.keyedMap == map) {
            return ts.keyedVars;
        }
        int now = (int) MADE.getVolatile();
        if (ts.keyedMissMap == map && ts.keyedMissMade == now) {
            return null;
        }
        SyncVar[] stripes = TABLE.get(map);
        if (stripes == null) {
            ts.keyedMissMap = map;
            ts.keyedMissMade = now;
            Duties.objectsCached(); // the watchdog lets go of the maps this thread's caches hold
        } else {
            remember(ts, map, stripes);
        }
        return stripes;
    }

    private static void remember(ThreadState ts, Object map, SyncVar[] stripes) {
        Duties.objectsCached();
        ts.keyedMap = map;
        ts.keyedVars = stripes;
    }
}
