package io.racewatch.detect;

import io.racewatch.maps.MapAccess;
import io.racewatch.maps.MapRace;
import io.racewatch.maps.MapOps;
import io.racewatch.maps.WrittenValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The severity rule for map races, on accesses written down by hand. */
class RaceSeverityTest {
    private static MapAccess read(int tid, long seq, boolean found) {
        return access(tid, MapOps.GET, seq, found ? WrittenValue.UNKNOWN : WrittenValue.ABSENT);
    }

    private static MapAccess write(int tid, byte op, long seq, Object value) {
        return access(tid, op, seq, WrittenValue.keep(value));
    }

    private static MapAccess access(int tid, byte op, long seq, Object value) {
        return new MapAccess(tid, "T" + tid, op, 1, 1, new int[0], seq, 0, 0, value);
    }

    private static String level(MapAccess read, MapAccess write, MapAccess other) {
        return RaceSeverity.of(new MapRace("map-rmw", "k", List.of(read, write, other), 1, true, List.of())).level();
    }

    @Test
    void equalStringsCreatedTwiceAreANote() {
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 3, "v" + 1), write(2, MapOps.PUT, 2, "v1")));
    }

    @Test
    void aCounterIsAnErrorEvenWhenBothWroteTheSameNumber() {
        assertEquals("error", level(read(1, 1, true), write(1, MapOps.PUT, 3, 6), write(2, MapOps.PUT, 2, 6)));
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, 1), write(2, MapOps.PUT, 2, 1)),
            "a counter's first increment: both found the key absent and wrote 1");
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 2, 1L), read(2, 3, true)));
    }

    @Test
    void twoLocksCreatedForOneKeyAreAnError() {
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, new ReentrantLock()),
            write(2, MapOps.PUT, 2, new ReentrantLock())));
    }

    @Test
    void filledJdkMapsOfJdkValuesAreComparedByContents() throws Exception {
        Method m = Object.class.getMethod("hashCode");
        Map<Class<?>, Method> one = new HashMap<>(Map.of(String.class, m));
        Map<Class<?>, Method> two = new HashMap<>(Map.of(String.class, m));
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 3, one), write(2, MapOps.PUT, 2, two)));
    }

    @Test
    void emptyOrConcurrentContainersAreComparedByIdentity() {
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, new ArrayList<>()),
            write(2, MapOps.PUT, 2, new ArrayList<>())), "an empty list is a container threads go on to fill");
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, new ConcurrentHashMap<>(Map.of("a", 1))),
            write(2, MapOps.PUT, 2, new ConcurrentHashMap<>(Map.of("a", 1)))));
    }

    @Test
    void aLaterPutIfAbsentDiscardsItsValue() {
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 2, new Object()),
            write(2, MapOps.PUT_IF_ABSENT, 3, new Object())));
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, new Object()),
            write(2, MapOps.PUT_IF_ABSENT, 2, new Object())), "the put came second and replaced the other value");
    }

    @Test
    void aCheckOnlyCompetitorDependsOnTheValueCreated() {
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 2, "config"), read(2, 3, true)));
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 2, new Object()), read(2, 3, true)));
        assertEquals("error", level(read(1, 1, true), write(1, MapOps.PUT, 2, "x"), read(2, 3, true)), "an update, not a creation");
    }

    @Test
    void aRemovalOfAValueTheReadFoundOrAnUnseenValueIsAnError() {
        assertEquals("error", level(read(1, 1, true), write(1, MapOps.PUT, 3, "v"), write(2, MapOps.REMOVE, 2, null)),
            "the read found a value, which the other thread removed: the write brings it back");
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.REMOVE, 3, null), write(2, MapOps.PUT, 2, "v")),
            "the checking thread's own removal undoes the other thread's write");
        assertEquals("error", level(read(1, 1, false), write(1, MapOps.PUT, 3, "v"),
            access(2, MapOps.COMPUTE, 2, WrittenValue.UNKNOWN)));
    }

    @Test
    void aRemovalAfterACheckThatFoundTheKeyAbsentLosesNothing() {
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 3, new Object()), write(2, MapOps.REMOVE, 2, null)));
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 3, new Object()),
            access(2, MapOps.REMOVE_IF_EQUAL, 2, WrittenValue.UNKNOWN)), "remove(key, value), whose value is not kept");
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 2, new Object()),
            access(2, MapOps.REMOVE_IF_EQUAL, 3, WrittenValue.UNKNOWN)), "the removal after the write: as if the writer ran first");
    }

    @Test
    void aRemovalRacingANumberIsJudgedAsARemovalNotAsACount() {
        // ZooKeeper's ExpiryQueue.update: get(conn) found its expiry time, put(conn, newTime); a closing thread's
        // remove(conn) between them is undone (the closed connection stays queued until it expires).
        MapRace expiry = new MapRace("map-rmw", "k", List.of(read(1, 1, true), write(1, MapOps.PUT, 3, 1_700L),
            write(2, MapOps.REMOVE, 2, null)), 1, true, List.of());
        assertEquals("error", RaceSeverity.of(expiry).level());
        assertTrue(RaceSeverity.of(expiry).reason().contains("removal is undone"), RaceSeverity.of(expiry).reason());
        assertEquals("note", level(read(1, 1, false), write(1, MapOps.PUT, 3, 1), write(2, MapOps.REMOVE, 2, null)),
            "a count's first increment with a removal between: the removal found nothing, no count is lost");
    }

    @Test
    void aConditionalRemovalOfTheValueAPutReplacesLosesNothing() {
        // ZooKeeper's QuorumCnxManager.handleConnection: get(sid) finds the old worker, put(sid, newWorker); the old worker
        // retires itself with remove(sid, this) in between.
        assertEquals("note", level(read(1, 1, true), write(1, MapOps.PUT, 3, new Object()),
            access(2, MapOps.REMOVE_IF_EQUAL, 2, WrittenValue.UNKNOWN)));
        assertEquals("error", level(read(1, 1, true), write(1, MapOps.PUT, 3, new Object()), write(2, MapOps.REMOVE, 2, null)),
            "a plain removal of the value found is undone by the put");
        assertEquals("error", level(read(1, 1, true), write(1, MapOps.REPLACE, 3, new Object()),
            access(2, MapOps.REMOVE_IF_EQUAL, 2, WrittenValue.UNKNOWN)), "a replace after the removal finds nothing: not the put-first outcome");
    }

    @Test
    void theReasonSaysWhy() {
        String reason = RaceSeverity.of(new MapRace("map-rmw", "k", List.of(read(1, 1, false), write(1, MapOps.PUT, 3, new String("v")),
            write(2, MapOps.PUT, 2, new String("v"))), 1, true, List.of())).reason();
        assertTrue(reason.startsWith("duplicate computation") && reason.contains("harmless unless"), reason);
        assertEquals("error", RaceSeverity.of(new MapRace("map-unsafe", null, List.of(write(1, MapOps.PUT, 1, "a"),
            write(2, MapOps.PUT, 2, "b")), 0, false, List.of())).level());
    }
}
