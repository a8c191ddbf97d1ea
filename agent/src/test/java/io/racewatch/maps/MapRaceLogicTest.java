package io.racewatch.maps;

import io.racewatch.runtime.Sites;
import io.racewatch.detect.Detectors;
import io.racewatch.order.SyncVar;
import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.ThreadState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map detector's rules, driven through two thread states in a chosen order: the
 * interleaving is written down, not hoped for. (The child-JVM tests cover real threads.)
 */
class MapRaceLogicTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    private final ThreadState a = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ThreadState b = new ThreadState(1, 1, VectorClocks.EMPTY);

    // Sites of one method, as when two threads run the same counting code; registered here, so
    // that what other tests register in the same JVM cannot change what these ids name.
    private static final int READ_SITE = site(11);
    private static final int WRITE_SITE = site(12);
    private static final int OTHER_READ = site(21);
    private static final int OTHER_WRITE = site(22);

    private static int site(int line) {
        return io.racewatch.runtime.Sites.register("com.acme.Counter", "count", "Counter.java", line, null);
    }

    private static List<MapRace> access(MapShadow shadow, ThreadState ts, Object key, int site, byte op) {
        if (shadow.ownedBy(ts)) {
            shadow.ownerAccess(ts, key, site, op);
            return null;
        }
        return shadow.sharedAccess(ts, key, site, op);
    }

    @Test
    void lostUpdateThatHappenedIsReportedAsObserved() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "k", READ_SITE, MapOps.GET);
        assertNull(access(shadow, b, "k", OTHER_READ, MapOps.GET));
        assertNull(access(shadow, a, "k", WRITE_SITE, MapOps.PUT));
        List<MapRace> races = access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);

        assertNotNull(races);
        MapRace first = races.get(0);
        assertEquals("map-rmw", first.kind());
        assertEquals("k", first.key());
        assertTrue(first.observed());
        assertEquals(List.of(OTHER_READ, OTHER_WRITE, WRITE_SITE), first.accesses().stream().map(MapAccess::site).toList());
        assertTrue(races.stream().anyMatch(r -> r.accesses().get(0).site() == READ_SITE),
            "a's own read-modify-write is broken by b's write too");
    }

    @Test
    void unorderedReadModifyWritesArePredicted() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "k", READ_SITE, MapOps.GET);
        access(shadow, a, "k", WRITE_SITE, MapOps.PUT);
        assertNull(access(shadow, b, "k", OTHER_READ, MapOps.GET));
        List<MapRace> races = access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);

        assertNotNull(races);
        assertFalse(races.get(0).observed());
        assertEquals("map-rmw", races.get(0).kind());
    }

    @Test
    void theSameCheckByAnUnorderedThreadIsACheckThenAct() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "job-7", READ_SITE, MapOps.GET);
        access(shadow, a, "job-7", WRITE_SITE, MapOps.PUT);
        // b finds the value and does not write; but nothing orders its check after a's write.
        List<MapRace> races = access(shadow, b, "job-7", READ_SITE, MapOps.GET);
        assertNotNull(races);
        assertEquals(List.of(READ_SITE, WRITE_SITE, READ_SITE), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    @Test
    void aReadElsewhereIsNotTheSameCheck() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "job-7", READ_SITE, MapOps.GET);
        access(shadow, a, "job-7", WRITE_SITE, MapOps.PUT);
        assertNull(access(shadow, b, "job-7", OTHER_READ, MapOps.GET), "a plain reader of the key makes no lost update");
    }

    @Test
    void anOrderedSameCheckIsClean() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        SyncVar handOff = new SyncVar();
        access(shadow, a, "job-7", READ_SITE, MapOps.GET);
        access(shadow, a, "job-7", WRITE_SITE, MapOps.PUT);
        handOff.release(a);
        handOff.acquire(b);
        assertNull(access(shadow, b, "job-7", READ_SITE, MapOps.GET));
    }

    @Test
    void happensBeforeMakesItClean() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        SyncVar handOff = new SyncVar();
        access(shadow, a, "k", READ_SITE, MapOps.GET);
        access(shadow, a, "k", WRITE_SITE, MapOps.PUT);
        handOff.release(a);
        handOff.acquire(b);
        assertNull(access(shadow, b, "k", OTHER_READ, MapOps.GET));
        assertNull(access(shadow, b, "k", OTHER_WRITE, MapOps.PUT));
    }

    @Test
    void otherKeysDoNotMakeALostUpdate() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k1", READ_SITE, MapOps.GET);
        access(shadow, a, "k1", WRITE_SITE, MapOps.PUT);
        access(shadow, b, "k2", OTHER_READ, MapOps.GET);
        assertNull(access(shadow, b, "k2", OTHER_WRITE, MapOps.PUT));
    }

    @Test
    void checkThenActOnAConcurrentMapIsStillARace() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "user@x", READ_SITE, MapOps.CONTAINS_KEY);
        access(shadow, a, "user@x", WRITE_SITE, MapOps.PUT);
        access(shadow, b, "user@x", OTHER_READ, MapOps.CONTAINS_KEY); // acquires a's put through the map
        List<MapRace> races = access(shadow, b, "user@x", OTHER_WRITE, MapOps.PUT);
        assertNotNull(races, "the map's own ordering must not excuse a check-then-act");
        assertEquals("map-rmw", races.get(0).kind());
    }

    @Test
    void atomicOperationsAreClean() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k", READ_SITE, MapOps.PUT_IF_ABSENT);
        access(shadow, b, "k", OTHER_READ, MapOps.GET);
        assertNull(access(shadow, b, "k", OTHER_WRITE, MapOps.COMPUTE_IF_ABSENT));
        assertNull(access(shadow, a, "k", WRITE_SITE, MapOps.MERGE));
    }

    @Test
    void aLockHeldAcrossReadAndWriteMakesItAtomic() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        Object lock = new Object();
        SyncVar lockVar = new SyncVar();
        a.locks.acquire(lock);
        access(shadow, a, "k", READ_SITE, MapOps.GET);
        access(shadow, a, "k", WRITE_SITE, MapOps.PUT);
        a.locks.release(a.locks.indexOf(lock));
        lockVar.release(a);
        b.locks.acquire(lock);
        lockVar.acquire(b);
        assertNull(access(shadow, b, "k", OTHER_READ, MapOps.GET));
        assertNull(access(shadow, b, "k", OTHER_WRITE, MapOps.PUT));
        b.locks.release(b.locks.indexOf(lock));
    }

    @Test
    void unorderedWritesToAHashMapAreUnsafe() {
        Map<String, Integer> map = new HashMap<>();
        MapShadow shadow = new MapShadow(map, a.tid);
        access(shadow, a, "k1", WRITE_SITE, MapOps.PUT);
        List<MapRace> races = access(shadow, b, "k2", OTHER_WRITE, MapOps.PUT);
        assertNotNull(races);
        assertEquals("map-unsafe", races.get(0).kind());
        assertEquals(List.of(OTHER_WRITE, WRITE_SITE), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    @Test
    void unorderedWritesToAConcurrentMapAreFine() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k1", WRITE_SITE, MapOps.PUT);
        assertNull(access(shadow, b, "k2", OTHER_WRITE, MapOps.PUT));
    }

    @Test
    void keysWhoseHashCodeThrowsAreSkippedNotFatal() {
        Object broken = new Object() {
            @Override
            public int hashCode() {
                throw new IllegalStateException("broken key");
            }
        };
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, broken, WRITE_SITE, MapOps.PUT);
        assertNull(access(shadow, b, broken, OTHER_WRITE, MapOps.PUT));
    }

    /** commons-pool's keyed pool: the owner's writes, then a thread it started reads and removes a key. */
    @Test
    void accessesAfterTheOwnersWritesOrderedByThreadStartAreClean() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k1", READ_SITE, MapOps.GET);
        access(shadow, a, "k1", WRITE_SITE, MapOps.PUT);
        access(shadow, a, "k2", WRITE_SITE, MapOps.PUT);
        b.join(a.fullClock()); // a starts b
        a.tick();
        assertNull(access(shadow, b, "k2", OTHER_READ, MapOps.GET));
        assertNull(access(shadow, b, "k2", OTHER_WRITE, MapOps.REMOVE), "ordered by Thread.start: nothing in between");
    }

    @Test
    void theOwnersWriteAfterTheReadIsALostUpdateWhenNothingOrdersIt() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k1", READ_SITE, MapOps.GET);
        access(shadow, a, "k1", WRITE_SITE, MapOps.PUT);
        assertNull(access(shadow, b, "k2", OTHER_READ, MapOps.GET));
        assertNull(access(shadow, a, "k2", WRITE_SITE, MapOps.PUT));
        List<MapRace> races = access(shadow, b, "k2", OTHER_WRITE, MapOps.REMOVE);
        assertNotNull(races);
        assertTrue(races.get(0).observed());
        assertEquals(List.of(OTHER_READ, OTHER_WRITE, WRITE_SITE), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    private static final int CYCLE_READ = Sites.register("h2like.Store", "checkCycle", "Store.java", 10, null);
    private static final int CYCLE_WRITE = Sites.register("h2like.Store", "writeCycle", "Store.java", 20, null);

    @Test
    void aReadWhoseMethodReturnedDoesNotPairWithALaterWrite() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        access(shadow, a, "k", CYCLE_READ, MapOps.CONTAINS_KEY);
        assertNull(access(shadow, b, "k", OTHER_WRITE, MapOps.PUT));
        // checkCycle is not on this stack: the write belongs to a later operation.
        List<MapRace> races = access(shadow, a, "k", CYCLE_WRITE, MapOps.PUT);
        assertTrue(races == null || races.stream().noneMatch(r -> r.kind().equals("map-rmw")), String.valueOf(races));
    }

    @Test
    void aReadAndAWriteInOneMethodPair() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        access(shadow, a, "k", CYCLE_READ, MapOps.CONTAINS_KEY);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        int sameMethodWrite = Sites.register("h2like.Store", "checkCycle", "Store.java", 11, null);
        List<MapRace> races = access(shadow, a, "k", sameMethodWrite, MapOps.PUT);
        assertNotNull(races);
        assertTrue(races.stream().anyMatch(r -> r.kind().equals("map-rmw")), String.valueOf(races));
    }

    @Test
    void aReadInAMethodStillRunningPairsWithAWriteMadeInAnother() {
        // The read's method is this test's (on the stack while the write is made); the write's is not.
        int read = Sites.register(MapRaceLogicTest.class.getName(), "aReadInAMethodStillRunningPairsWithAWriteMadeInAnother",
            "MapRaceLogicTest.java", 1, null);
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        access(shadow, a, "k", read, MapOps.CONTAINS_KEY);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        List<MapRace> races = access(shadow, a, "k", CYCLE_WRITE, MapOps.PUT);
        assertNotNull(races);
        MapRace rmw = races.stream().filter(r -> r.kind().equals("map-rmw") && r.accesses().get(0).site() == read).findFirst()
            .orElseThrow(() -> new AssertionError(String.valueOf(races)));
        assertEquals(CYCLE_WRITE, rmw.accesses().get(1).site());
        assertNotNull(rmw.accesses().get(1).stack(), "the write of a read-modify-write keeps its own call path");
    }

    @Test
    void aReadWhoseMethodReturnedDoesNotPairOnAConcurrentMapEither() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        access(shadow, a, "k", CYCLE_READ, MapOps.CONTAINS_KEY);
        access(shadow, b, "k", OTHER_WRITE, MapOps.PUT);
        List<MapRace> races = access(shadow, a, "k", CYCLE_WRITE, MapOps.PUT);
        assertTrue(races == null || races.stream().noneMatch(r -> r.kind().equals("map-rmw")), String.valueOf(races));
    }
}
