package io.racewatch.maps;

import io.racewatch.detect.Detectors;
import io.racewatch.order.SyncVar;
import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A map handed from thread to thread: a thread ordered after everything the owner did takes the
 * map over and it stays in owner mode; a thread that is not ordered turns it shared and is checked
 * against every owner's events, the earlier owners' too. Thread states are driven by hand, in a
 * written-down order, as {@link MapTracker} drives them.
 */
class MapHandOverTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    private final ThreadState a = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ThreadState b = new ThreadState(1, 1, VectorClocks.EMPTY);
    private final ThreadState c = new ThreadState(2, 1, VectorClocks.EMPTY);

    private static final int LEAF_PUT = Sites.register("fj.Count", "leaf", "Count.java", 10, null);
    private static final int MERGE_GET = Sites.register("fj.Count", "merge", "Count.java", 20, null);
    private static final int MERGE_PUT = Sites.register("fj.Count", "merge", "Count.java", 21, null);
    private static final int OTHER_PUT = Sites.register("fj.Other", "write", "Other.java", 30, null);

    /** As {@link MapTracker#record}: the owner, a thread that may take the map over, or a shared access. */
    private static List<MapRace> access(MapShadow shadow, ThreadState ts, Object key, int site, byte op) {
        if ((shadow.ownedBy(ts) || shadow.takeOver(ts)) && shadow.ownerAccess(ts, key, site, op, WrittenValue.UNKNOWN)) {
            return null;
        }
        return shadow.sharedAccess(ts, key, site, op);
    }

    /** {@code from} releases, {@code to} acquires: a join, a future's get, a queue hand-off. */
    private static void order(ThreadState from, ThreadState to) {
        SyncVar v = new SyncVar();
        v.release(from);
        v.acquire(to);
    }

    @Test
    void aLeafsMapMergedByItsParentAfterJoinStaysInOwnerMode() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "w", LEAF_PUT, MapOps.PUT);
        order(a, b); // the child's run ends, the parent joins it
        assertNull(access(shadow, b, "w", MERGE_GET, MapOps.GET));
        assertNull(access(shadow, b, "w", MERGE_PUT, MapOps.PUT));
        assertFalse(shadow.isShared());
        assertTrue(shadow.ownedBy(b));
        order(b, a); // and back again, ordered
        assertNull(access(shadow, a, "w", LEAF_PUT, MapOps.PUT));
        assertFalse(shadow.isShared());
    }

    @Test
    void aSecondThreadNotOrderedAfterTheOwnerMakesItSharedAndRaces() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "w", LEAF_PUT, MapOps.PUT);
        List<MapRace> races = access(shadow, b, "w", OTHER_PUT, MapOps.PUT);
        assertTrue(shadow.isShared());
        assertNotNull(races);
        assertEquals("map-unsafe", races.get(0).kind());
        assertEquals(List.of(OTHER_PUT, LEAF_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    @Test
    void anOwnersAccessAfterWhatTheNextThreadKnowsKeepsItFromTakingOver() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "w", LEAF_PUT, MapOps.PUT);
        order(a, b);
        access(shadow, a, "x", LEAF_PUT, MapOps.PUT); // after the release b acquired: b does not know it
        List<MapRace> races = access(shadow, b, "x", OTHER_PUT, MapOps.PUT);
        assertTrue(shadow.isShared());
        assertNotNull(races);
        assertEquals(List.of(OTHER_PUT, LEAF_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    /** a writes, b (ordered after a) only reads, c is ordered after neither: c's write races with a's. */
    @Test
    void anEarlierOwnersWriteStillRacesWithAThirdThreadAfterAHandOver() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "w", LEAF_PUT, MapOps.PUT);
        order(a, b);
        assertNull(access(shadow, b, "w", MERGE_GET, MapOps.GET));
        assertTrue(shadow.ownedBy(b));
        List<MapRace> races = access(shadow, c, "w", OTHER_PUT, MapOps.PUT);
        assertNotNull(races, "a's write was carried over with b's read");
        assertEquals("map-unsafe", races.get(0).kind());
        assertEquals(List.of(OTHER_PUT, LEAF_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }

    /** The same, with c ordered after b (and so after a): clean. */
    @Test
    void aThirdThreadOrderedAfterTheLastOwnerIsCleanAndTakesTheMap() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "w", LEAF_PUT, MapOps.PUT);
        order(a, b);
        access(shadow, b, "w", MERGE_GET, MapOps.GET);
        order(b, c);
        assertNull(access(shadow, c, "w", OTHER_PUT, MapOps.PUT));
        assertTrue(shadow.ownedBy(c));
    }

    /** A lost update across a hand-over on a concurrent map: b's check, then a's earlier-owner write carried over, then c writes. */
    @Test
    void aCheckThenActOfAnEarlierOwnerIsStillCheckedOnceTheMapIsShared() {
        MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);
        access(shadow, a, "k", MERGE_GET, MapOps.GET);
        access(shadow, a, "k", MERGE_PUT, MapOps.PUT); // a's read-modify-write, in owner mode
        order(a, b);
        access(shadow, b, "other", LEAF_PUT, MapOps.PUT);
        assertTrue(shadow.ownedBy(b));
        List<MapRace> races = access(shadow, c, "k", MERGE_GET, MapOps.GET);
        assertNotNull(races, "c's read is the same check as a's read-modify-write, unordered with it");
        assertEquals(List.of(MERGE_GET, MERGE_PUT, MERGE_GET), races.get(0).accesses().stream().map(MapAccess::site).toList());
        assertEquals("map-rmw", races.get(0).kind());
    }

    /** a checks k and hands the map to b, which writes k; a takes it back and writes: b's write was lost (H2's store cycles). */
    @Test
    void aThreadBackWithAReadOpenIsCheckedAgainstTheWritesInBetween() {
        MapShadow shadow = new MapShadow(new HashMap<>(), a.tid);
        access(shadow, a, "k", MERGE_GET, MapOps.CONTAINS_KEY);
        order(a, b);
        assertNull(access(shadow, b, "k", OTHER_PUT, MapOps.PUT));
        assertTrue(shadow.ownedBy(b));
        order(b, a);
        List<MapRace> races = access(shadow, a, "k", MERGE_PUT, MapOps.PUT);
        assertNotNull(races, "a's check-then-act lost b's write");
        assertEquals("map-rmw", races.get(0).kind());
        assertTrue(races.get(0).observed());
        assertEquals(List.of(MERGE_GET, MERGE_PUT, OTHER_PUT), races.get(0).accesses().stream().map(MapAccess::site).toList());
    }
}
