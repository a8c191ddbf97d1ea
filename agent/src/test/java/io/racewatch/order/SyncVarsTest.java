package io.racewatch.order;

import io.racewatch.runtime.ThreadState;

import org.junit.jupiter.api.Test;

import java.util.IdentityHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Each object has one var, whichever thread asks and whatever its caches hold. */
class SyncVarsTest {
    private static ThreadState thread(int tid) {
        return new ThreadState(tid, 1, VectorClocks.EMPTY);
    }

    @Test
    void objectsUsedInTurnKeepTheirOwnVars() {
        // more objects than either cache holds, so slots are shared and entries replaced
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        Object[] objects = new Object[ThreadState.SYNC_CACHE * 8];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = new Object();
        }
        Map<Object, SyncVar> first = new IdentityHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (Object o : objects) {
                SyncVar v = SyncVars.of(a, o);
                SyncVar known = first.putIfAbsent(o, v);
                if (known != null) {
                    assertSame(known, v, "one var per object, round " + round);
                }
                assertSame(v, SyncVars.existing(b, o), "the other thread finds the same var");
                assertSame(v, SyncVars.existing(a, o));
            }
        }
        assertEquals(objects.length, new java.util.HashSet<>(first.values()).size(), "no two objects share a var");
    }

    @Test
    void objectsInOneCacheSlotAreToldApart() {
        ThreadState a = thread(0);
        Object one = new Object();
        Object other = new Object();
        while (slot(other) != slot(one)) {
            other = new Object();
        }
        SyncVar oneVar = SyncVars.of(a, one);
        SyncVar otherVar = SyncVars.of(a, other);
        assertNotSame(oneVar, otherVar);
        // empty the four-entry cache, so the look-ups below reach the larger one
        for (int i = 0; i < 4; i++) {
            SyncVars.of(a, new Object());
        }
        assertSame(otherVar, SyncVars.existing(a, other));
        assertSame(oneVar, SyncVars.existing(a, one));
        assertSame(otherVar, SyncVars.of(a, other));
    }

    @Test
    void aVarMadeByAnotherThreadIsFoundAfterAMiss() {
        ThreadState a = thread(0);
        ThreadState b = thread(1);
        Object atomic = new Object();
        assertNull(SyncVars.existing(a, atomic), "nobody released into it: no var");
        assertNull(SyncVars.existing(a, atomic));
        SyncVar made = SyncVars.of(b, atomic);
        assertNotNull(made);
        assertSame(made, SyncVars.existing(a, atomic));
    }

    @Test
    void anAliasBoundAfterAMissIsFound() {
        ThreadState a = thread(0);
        Object lock = new Object();
        Object alias = new Object(); // a read lock, a condition: bound to its lock's var
        assertNull(SyncVars.existing(a, alias));
        SyncVar var = SyncVars.of(a, lock);
        SyncVars.bind(alias, var);
        assertSame(var, SyncVars.existing(a, alias), "the binding counts as a var made for the alias");
    }

    /**
     * The larger cache names its objects weakly: an object the program dropped is collected
     * although it is still in the thread's cache (the four-entry cache, which holds objects
     * strongly, is emptied first; the watchdog clears that one).
     */
    @Test
    void theLargerCacheKeepsNoObjectAlive() throws InterruptedException {
        ThreadState a = thread(0);
        java.lang.ref.ReferenceQueue<Object> collected = new java.lang.ref.ReferenceQueue<>();
        java.lang.ref.WeakReference<Object> dropped = droppedAfterUse(a, collected);
        for (int i = 0; i < 4; i++) {
            SyncVars.of(a, new Object());
        }
        boolean gone = false;
        for (int attempt = 0; attempt < 100 && !gone; attempt++) {
            System.gc();
            gone = collected.remove(100) == dropped;
        }
        assertSame(true, gone, "the object was kept alive by the thread's cache");
    }

    /** Uses a new object on thread {@code a} (its var made and cached) and drops it. */
    private static java.lang.ref.WeakReference<Object> droppedAfterUse(ThreadState a, java.lang.ref.ReferenceQueue<Object> queue) {
        Object o = new Object();
        SyncVar v = SyncVars.of(a, o);
        assertSame(v, SyncVars.existing(a, o));
        return new java.lang.ref.WeakReference<>(o, queue);
    }

    private static int slot(Object o) {
        int h = System.identityHashCode(o);
        return (h ^ (h >>> 11)) & (ThreadState.SYNC_CACHE - 1);
    }
}
