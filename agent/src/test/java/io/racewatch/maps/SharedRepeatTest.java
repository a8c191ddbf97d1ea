package io.racewatch.maps;

import io.racewatch.detect.Detectors;
import io.racewatch.order.SyncVar;
import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread that repeats its own access of a shared key (a get-then-put loop) renews its earlier
 * access in place: the races it takes part in must be those it took part in when each access
 * was recorded anew. Two thread states driven in a chosen order, as in {@link MapRaceLogicTest}.
 */
class SharedRepeatTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    private final ThreadState a = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ThreadState b = new ThreadState(1, 1, VectorClocks.EMPTY);

    // Registered here, as in MapRaceLogicTest: raw ids name whatever other tests in the same JVM
    // registered under them (a site another test made in a JDK class or with a receiver field),
    // and then the races below were not reported, depending on which tests ran first.
    private static final int GET = site(31);
    private static final int PUT = site(32);
    private static final int OTHER_PUT = site(42);
    private static final int OTHER_GET = site(43);

    private static int site(int line) {
        return io.racewatch.runtime.Sites.register("com.acme.Counter", "count", "Counter.java", line, null);
    }

    /** A concurrent map already shared by a and b (b read another key), so every access below is a shared one. */
    private MapShadow sharedMap() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        shadow.ownerAccess(a, "other", GET, MapOps.GET);
        shadow.sharedAccess(b, "other", GET, MapOps.GET);
        assertTrue(shadow.isShared());
        return shadow;
    }

    /** {@code times} get-then-put rounds of a on {@code key}, none racing; the last round's races. */
    private static List<MapRace> loop(MapShadow shadow, ThreadState ts, Object key, int times) {
        List<MapRace> races = null;
        for (int i = 0; i < times; i++) {
            assertNull(shadow.sharedAccess(ts, key, GET, MapOps.GET));
            races = shadow.sharedAccess(ts, key, PUT, MapOps.PUT, i);
        }
        return races;
    }

    private MapShadow lastShadow;

    /** {@code rounds} of a's loop, then a's check, b's write, and a's act: the race a's act completes. */
    private MapRace lostUpdateAfter(int rounds) {
        MapShadow shadow = sharedMap();
        lastShadow = shadow;
        assertNull(loop(shadow, a, "k", rounds));
        assertNull(shadow.sharedAccess(a, "k", GET, MapOps.GET));
        shadow.sharedAccess(b, "k", OTHER_PUT, MapOps.PUT, "b"); // unordered with a's rounds: races with them already
        List<MapRace> races = shadow.sharedAccess(a, "k", PUT, MapOps.PUT, "a");
        assertNotNull(races);
        return races.get(0);
    }

    @Test
    void aWriteLandingInsideALoopsLatestRoundIsStillALostUpdate() {
        MapRace race = lostUpdateAfter(5);
        assertEquals("map-rmw", race.kind());
        assertTrue(race.observed());
        assertEquals(List.of(GET, PUT, OTHER_PUT), race.accesses().stream().map(MapAccess::site).toList());
    }

    @Test
    void aRenewedAccessCarriesTheThreadsNewClock() {
        MapShadow shadow = sharedMap();
        assertNull(loop(shadow, a, "k", 3));
        SyncVar handOff = new SyncVar();
        handOff.release(a); // b learns a's first rounds, not the ones below
        handOff.acquire(b);
        assertNull(loop(shadow, a, "k", 3));
        List<MapRace> races = shadow.sharedAccess(b, "k", OTHER_PUT, MapOps.PUT, "b");
        assertNotNull(races, "b's write is unordered with a's latest read-modify-write");
        assertEquals(List.of(GET, PUT, OTHER_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
        assertFalse(races.get(0).observed());
    }

    @Test
    void aReadModifyWriteKeepsItsOwnReadWhenTheReadIsMadeAgain() {
        MapShadow shadow = sharedMap();
        assertNull(loop(shadow, a, "k", 3));
        SyncVar handOff = new SyncVar();
        handOff.release(a); // b is ordered after a's read-modify-writes so far
        handOff.acquire(b);
        assertNull(shadow.sharedAccess(a, "k", GET, MapOps.GET)); // a checks again, and has not written yet
        assertNull(shadow.sharedAccess(b, "k", OTHER_PUT, MapOps.PUT, "b"),
            "b's write lands after a's last read-modify-write, not inside it");
    }

    @Test
    void anotherThreadsReadModifyWriteCompletedInBetweenIsStillSeen() {
        MapShadow shadow = sharedMap();
        assertNull(shadow.sharedAccess(b, "k", GET, MapOps.GET)); // b's check, before a's rounds
        loop(shadow, a, "k", 3);
        shadow.sharedAccess(b, "k", PUT, MapOps.PUT, "b"); // b's act: its read-modify-write ends after a's last read
        shadow.sharedAccess(a, "k", PUT, MapOps.PUT, "a");
        // a's last read is still its own, but b wrote since: a's check is made anew, and is b's.
        List<MapRace> races = shadow.sharedAccess(a, "k", GET, MapOps.GET);
        assertNotNull(races, "a's check is the same as b's read-modify-write, unordered with it");
        assertEquals("map-rmw", races.get(0).kind());
        assertEquals(List.of(GET, PUT, GET), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    @Test
    void aLoopOnOneKeyKeepsItsLatestRoundInTheHistory() {
        MapRace race = lostUpdateAfter(20);
        List<Long> seqs = race.history().stream().map(MapAccess::seq).toList();
        assertEquals(seqs.stream().sorted().toList(), seqs, "oldest first");
        long aRows = race.history().stream().filter(r -> r.tid() == a.tid).count();
        assertTrue(aRows <= 4, "a's repeats take their latest rows, not one each: " + race.history());
        MapAccess last = race.history().get(race.history().size() - 1);
        assertEquals(PUT, last.site());
        assertEquals(race.accesses().get(1).seq(), last.seq(), "the write being made is the newest row");
    }

    @Test
    void aRaceKeepsItsAccessesAsTheyWereWhenTheyAreMadeAgain() {
        MapRace race = lostUpdateAfter(3);
        long readSeq = race.accesses().get(0).seq();
        long writeSeq = race.accesses().get(1).seq();
        loop(lastShadow, a, "k", 3);
        assertEquals(readSeq, race.accesses().get(0).seq());
        assertEquals(writeSeq, race.accesses().get(1).seq());
    }

    @Test
    void aLoopsKeyForgottenPastTheCapIsLookedUpAgain() {
        int cap = Tracking.maxKeysPerMap;
        try {
            Tracking.maxKeysPerMap = 4;
            MapShadow shadow = sharedMap();
            assertNull(loop(shadow, a, "k", 3)); // a's thread keeps "k"'s state at hand
            for (int i = 0; i < 200; i++) {
                shadow.sharedAccess(b, "x" + i, OTHER_PUT, MapOps.PUT, i); // the table forgets "k"
            }
            assertNull(shadow.sharedAccess(a, "k", GET, MapOps.GET)); // the key's new state, not the one kept
            shadow.sharedAccess(b, "k", OTHER_PUT, MapOps.PUT, "b");
            List<MapRace> races = shadow.sharedAccess(a, "k", PUT, MapOps.PUT, "a");
            assertNotNull(races, "b's write lands inside a's read-modify-write of the key's new state");
            assertEquals(List.of(GET, PUT, OTHER_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
            assertTrue(races.get(0).observed());
        } finally {
            Tracking.maxKeysPerMap = cap;
        }
    }

    @Test
    void aLoopsRoundFromAnotherCheckIsCheckedAgain() {
        MapShadow shadow = sharedMap();
        assertNull(shadow.sharedAccess(b, "k", OTHER_GET, MapOps.GET)); // b's check, left open
        assertNull(loop(shadow, a, "k", 3)); // a's rounds check at another site: nothing to report, and nothing repeats b's check
        assertNull(shadow.sharedAccess(a, "k", OTHER_GET, MapOps.GET)); // now a makes b's check, then writes
        List<MapRace> races = shadow.sharedAccess(a, "k", PUT, MapOps.PUT, "a");
        assertNotNull(races, "b made the same check, unordered with a's write: both can pass it");
        assertEquals(List.of(OTHER_GET, PUT, OTHER_GET), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    /** A key compared by its value, which its holder changes: a look-up key reused for one key after another. */
    private static final class MutableKey {
        String value;

        MutableKey(String value) {
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MutableKey k && k.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    @Test
    void aLookUpKeyReusedForAnotherKeyIsThatKey() {
        MapShadow shadow = sharedMap();
        MutableKey x = new MutableKey("x");
        shadow.sharedAccess(b, x, OTHER_PUT, MapOps.PUT, "b");
        SyncVar first = new SyncVar();
        first.release(b);
        first.acquire(a);
        MutableKey lookUp = new MutableKey("x"); // a's own key object, equal to b's
        assertNull(shadow.sharedAccess(a, lookUp, GET, MapOps.GET));
        assertNull(shadow.sharedAccess(a, lookUp, PUT, MapOps.PUT, "a"));
        SyncVar second = new SyncVar();
        second.release(a); // b is ordered after all a did with "x"
        second.acquire(b);
        lookUp.value = "y";
        assertNull(shadow.sharedAccess(a, lookUp, GET, MapOps.GET)); // a check of "y", left open
        assertNull(shadow.sharedAccess(b, x, GET, MapOps.GET));
        assertNull(shadow.sharedAccess(b, x, PUT, MapOps.PUT, "b2"), "a's open check is of another key");
    }
}
