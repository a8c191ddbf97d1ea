package io.racewatch.locks;

import io.racewatch.order.SyncVar;
import io.racewatch.runtime.Sites;

import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A site that takes a new lock each time names every one as the first, without building the name again. */
class LockNamesTest {
    private static LockProfile profile(Object lock, int site) {
        return LockProfile.of(new SyncVar(), lock, site);
    }

    @Test
    void newLocksAtOneSiteShareTheSiteNameRowAndNode() {
        int site = Sites.register("com.acme.Cache", "evict", "Cache.java", 42, null);
        LockProfile first = profile(new Object(), site);
        LockProfile second = profile(new Object(), site);
        assertEquals("lock at Cache.evict:42", first.name);
        assertEquals("java.lang.Object", first.lockClass);
        assertSame(first.name, second.name);
        assertSame(first.stats, second.stats);
        assertSame(first.node, second.node);
        assertSame(LockStats.named(first.name, first.lockClass), second.stats);
        assertSame(OrderNode.named(first.name, first.lockClass), second.node);
    }

    @Test
    void anotherClassAtTheSameSiteHasItsOwnRowAndNode() {
        int site = Sites.register("com.acme.Cache", "clean", "Cache.java", 50, null);
        LockProfile monitor = profile(new Object(), site);
        LockProfile lock = profile(new ReentrantLock(), site);
        LockProfile monitorAgain = profile(new Object(), site);
        assertEquals("java.util.concurrent.locks.ReentrantLock", lock.lockClass);
        assertEquals(LockTracker.BY_JDK, lock.edges);
        assertEquals(LockTracker.EXCLUSIVE, monitorAgain.edges);
        assertNotSame(monitor.stats, lock.stats);
        assertSame(monitor.stats, monitorAgain.stats);
        assertSame(monitor.node, monitorAgain.node);
    }

    @Test
    void aFieldNamesItsLocksAndAClassLockIsNamedAfterItself() {
        int field = Sites.register("com.acme.Cache", "put", "Cache.java", 60, "Cache.guard");
        int statics = Sites.register("com.acme.Cache", "reset", "Cache.java", 70, null);
        assertEquals("Cache.guard", profile(new Object(), field).name);
        assertEquals("String.class", profile(String.class, statics).name);
        assertEquals("Integer.class", profile(Integer.class, statics).name);
        assertEquals("java.lang.Class", profile(Integer.class, statics).lockClass);
    }
}
