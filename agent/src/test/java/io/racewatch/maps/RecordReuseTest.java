package io.racewatch.maps;

import io.racewatch.detect.Detectors;
import io.racewatch.order.SyncVar;
import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread's loop on one key of a shared map rewrites its own records instead of allocating
 * (KeyState's spares), and that never changes what the race rules see: a record still referred
 * to by a check, seen by another thread, or part of a race keeps its contents. Interleavings are
 * written down through two thread states, as in {@link MapRaceLogicTest}.
 */
class RecordReuseTest {
    @BeforeAll
    static void installDetectors() {
        Detectors.install();
    }

    /** A check-then-act's two sites in one method (one activation), and another method's two. */
    private static final int READ_SITE = Sites.register("reuse.Counter", "step", "Counter.java", 10, null);
    private static final int WRITE_SITE = Sites.register("reuse.Counter", "step", "Counter.java", 11, null);
    private static final int OTHER_READ = Sites.register("reuse.Other", "look", "Other.java", 20, null);
    private static final int OTHER_WRITE = Sites.register("reuse.Other", "store", "Other.java", 30, null);

    private final ThreadState a = new ThreadState(0, 1, VectorClocks.EMPTY);
    private final ThreadState b = new ThreadState(1, 1, VectorClocks.EMPTY);

    /** A concurrent map's shadow already shared (b wrote another key), and a's key in it. */
    private final MapShadow shadow = new MapShadow(new ConcurrentHashMap<>(), a.tid);

    private KeyState sharedKey() {
        shadow.ownerAccess(a, "first", WRITE_SITE, MapOps.PUT);
        assertNull(shadow.sharedAccess(b, "other", OTHER_WRITE, MapOps.PUT));
        assertNull(shadow.sharedAccess(a, "k", READ_SITE, MapOps.GET));
        return shadow.keyState("k");
    }

    private List<MapRace> getThenPut(ThreadState ts) {
        assertNull(shadow.sharedAccess(ts, "k", READ_SITE, MapOps.GET));
        return shadow.sharedAccess(ts, "k", WRITE_SITE, MapOps.PUT, 1);
    }

    @Test
    void aLoopOnOneKeyReusesTwoRecordsOfEachKind() {
        KeyState ks = sharedKey();
        Set<MapAccess> reads = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<MapAccess> writes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 20; i++) {
            assertNull(shadow.sharedAccess(a, "k", READ_SITE, MapOps.GET));
            reads.add(ks.openReadOf(a.tid));
            assertNull(shadow.sharedAccess(a, "k", WRITE_SITE, MapOps.PUT, i));
            writes.add(ks.writes().peek(a.tid));
        }
        assertEquals(2, reads.size(), "reads alternate between two records");
        assertEquals(2, writes.size(), "writes alternate between two records");
        List<MapAccess> rows = ks.history();
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).seq() < rows.get(i).seq(), "history rows in the order of their accesses: " + rows);
        }
        MapAccess lastRow = rows.get(rows.size() - 1);
        assertEquals(MapOps.PUT, lastRow.op());
        assertEquals(19, lastRow.value(), "the latest write is the last row, with what it stored");
    }

    @Test
    void aReadAfterAHandOffDoesNotRewriteTheReadOfTheRmwTheOtherThreadKnows() {
        sharedKey();
        for (int i = 0; i < 3; i++) {
            assertNull(getThenPut(a));
        }
        SyncVar handOff = new SyncVar();
        handOff.release(a);
        handOff.acquire(b); // b knows a's read-modify-writes so far
        assertNull(shadow.sharedAccess(a, "k", READ_SITE, MapOps.GET)); // a's next check, unordered with b
        assertNull(shadow.sharedAccess(b, "k", OTHER_WRITE, MapOps.PUT, 7),
            "b's write follows a's last read-modify-write: no race yet");
        List<MapRace> races = shadow.sharedAccess(a, "k", WRITE_SITE, MapOps.PUT, 8);
        assertNotNull(races, "b's write landed inside a's open check-then-act");
        MapRace race = races.get(0);
        assertEquals(List.of(READ_SITE, WRITE_SITE, OTHER_WRITE), race.accesses().stream().map(MapAccess::site).toList());
        assertTrue(race.observed());
        MapAccess read = race.accesses().get(0);
        MapAccess write = race.accesses().get(1);
        MapAccess other = race.accesses().get(2);
        assertTrue(read.seq() < other.seq() && other.seq() < write.seq(), "read, other write, write: " + race.accesses());
    }

    @Test
    void recordsAnotherThreadSawOrARaceNamesKeepTheirContents() {
        KeyState ks = sharedKey();
        for (int i = 0; i < 3; i++) {
            getThenPut(a);
        }
        assertNull(shadow.sharedAccess(b, "k", OTHER_READ, MapOps.GET)); // b sees a's records
        List<MapAccess> seen = ks.history();
        List<Long> seqs = seen.stream().map(MapAccess::seq).toList();
        for (int i = 0; i < 5; i++) {
            getThenPut(a);
        }
        assertEquals(seqs, seen.stream().map(MapAccess::seq).toList(), "records b saw are never rewritten");
        List<MapAccess> later = ks.history();
        assertTrue(later.stream().anyMatch(r -> r.tid() == b.tid), "b's read is still in the history: " + later);

        // b's same check, unordered with a's read-modify-writes, is a race: its records stay as the race saw them.
        List<MapRace> race = shadow.sharedAccess(b, "k", READ_SITE, MapOps.GET);
        assertNotNull(race);
        List<MapAccess> named = new ArrayList<>(race.get(0).accesses());
        named.addAll(race.get(0).history());
        List<Long> namedSeqs = named.stream().map(MapAccess::seq).toList();
        for (int i = 0; i < 5; i++) { // more races, unasserted: only the first one's records matter here
            for (ThreadState ts : List.of(a, a, b, b)) {
                shadow.sharedAccess(ts, "k", READ_SITE, MapOps.GET);
                shadow.sharedAccess(ts, "k", WRITE_SITE, MapOps.PUT, i);
            }
        }
        assertEquals(namedSeqs, named.stream().map(MapAccess::seq).toList(), "records a race names are never rewritten");
    }
}
