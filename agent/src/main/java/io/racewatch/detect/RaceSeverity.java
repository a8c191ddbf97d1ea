package io.racewatch.detect;

import io.racewatch.maps.MapRace;
import io.racewatch.report.Severity;
import io.racewatch.maps.MapAccess;
import io.racewatch.maps.MapOps;
import io.racewatch.maps.WrittenValue;

import java.util.List;

/**
 * The severity of a map race. {@code map-unsafe} is always an error (the map itself can break).
 * A {@code map-rmw} is a {@code note} when nothing the program relies on is lost:
 * <ul>
 * <li>the competing write was a {@code putIfAbsent}/{@code computeIfAbsent} that came second,
 *     found the value and discarded its own;</li>
 * <li>or the read found the key absent (a check-then-create, not an update of a value read) and
 *     the values created are interchangeable: the same object or equal JDK values (see
 *     {@link ValueEquality}); when the other thread only made the check in this run, the value
 *     this thread created must be such a value (a string, a number, a filled JDK collection of
 *     them), so that a second computation would be equal.</li>
 * <li>or the read found the key absent and the other thread's write is a removal (whatever was written,
 *     a number too): landing between
 *     the check and the write it finds nothing to remove (ZooKeeper's election connections: a
 *     listener checks a peer's worker, a finishing worker removes its own entry with
 *     {@code remove(sid, this)}); before the check or after the write, the outcome is that of one
 *     thread running first.</li>
 * </ul>
 * Anything else stays an {@code error}: an update computed from the value read, any number (taken
 * for a counter: its first increment finds the key absent too, and two threads writing 1 lose one), a removal of a
 * value the read found (the write puts the key back: the removal is undone; but a {@code remove(key, value)}
 * before a plain put is a {@code note}: it can only take the value the put replaces anyway, ZooKeeper's
 * election workers retiring themselves while a listener replaces them) or by the checking thread itself, a
 * different value, a value
 * compared by identity (a lock, a future, a connection, an empty or concurrent container, any
 * application object), or a value racewatch could not see (made by a function, or collected).
 */
final class RaceSeverity {
    private RaceSeverity() {
    }

    static Severity of(MapRace race) {
        if (!MapRaceDetector.MAP_RMW.equals(race.kind())) {
            return Severity.ofKind(race.kind());
        }
        List<MapAccess> a = race.accesses();
        MapAccess read = a.get(0);
        MapAccess write = a.get(1);
        MapAccess other = a.get(2);
        boolean create = read.value() == WrittenValue.ABSENT;
        Object written = WrittenValue.of(write.value());
        if (removal(other.op()) && !removal(write.op())) {
            // Decided before the value's kind: a removal is no competing count, whatever was written.
            if (create) {
                return Severity.note("nothing lost: the check found the key absent, so a removal landing between the check and the"
                    + " write finds nothing to remove; before the check or after the write it is as if one thread ran first");
            }
            if (other.op() == MapOps.REMOVE_IF_EQUAL && (write.op() == MapOps.PUT || write.op() == MapOps.PUT_ALL)) {
                // remove(key, value) between them can only take the value the check found, which the put replaces anyway.
                return Severity.note("nothing lost: the other thread's remove(key, value) can only remove the value the check"
                    + " found, which the write replaces anyway; the map ends as if the write came first (the removal would then"
                    + " find the new value and return false: harmless unless the remover acts on that result)");
            }
            return Severity.error("lost update: the other thread's removal can land between the check and the write, which then"
                    + " puts the key back with a value computed from what was removed: the removal is undone");
        }
        if (written instanceof Number) {
            // A number written after a check is taken for a count: a counter's first increment finds the key
            // absent too, and two threads writing 1 have lost one increment.
            return Severity.error("lost update: a number written after a check is taken for a counter, and one count is lost");
        }
        if (MapOps.isRead(other.op())) {
            if (create && written != WrittenValue.UNKNOWN && written != WrittenValue.ABSENT && ValueEquality.jdkValue(written, 0)) {
                return Severity.note("duplicate computation: the other thread's check can pass too and create the value again;"
                    + " the value is a " + describe(written) + ", so a second one is equal; harmless unless its identity matters");
            }
            return Severity.error(create
                ? "check-then-create: both checks can pass and each thread creates its own " + describe(written)
                    + ", which is compared by identity (its identity matters), so one thread's is lost"
                : "lost update: both threads can read the same value and one update is lost");
        }
        MapAccess first = write.seq() <= other.seq() ? write : other;
        MapAccess later = first == write ? other : write;
        Object firstValue = WrittenValue.of(first.value());
        if (discarded(later.op()) && firstValue != WrittenValue.ABSENT && firstValue != WrittenValue.UNKNOWN) {
            return Severity.note("duplicate computation: the later " + MapOps.name(later.op()) + " found the value already there"
                + " and discarded its own; harmless unless the value's identity matters");
        }
        if (!create) {
            return Severity.error("lost update: the value written was computed from the value read, and the other thread's write"
                + " is lost");
        }
        Object laterValue = WrittenValue.of(later.value());
        if (firstValue == WrittenValue.UNKNOWN || laterValue == WrittenValue.UNKNOWN) {
            return Severity.error("lost update: racewatch could not see both values written, so one may be lost");
        }
        if (firstValue == WrittenValue.ABSENT || laterValue == WrittenValue.ABSENT) {
            return Severity.error("lost update: a removal and a write raced, so one of them is undone");
        }
        return switch (ValueEquality.compare(firstValue, laterValue)) {
            case SAME -> Severity.note("duplicate computation: both threads wrote the same object; nothing is lost");
            case EQUAL -> Severity.note("duplicate computation: both threads created equal values (" + describe(laterValue)
                + "); harmless unless the value's identity matters");
            case UNKNOWN -> Severity.error("lost update: the values changed while racewatch compared them");
            case DIFFERENT -> Severity.error("lost update: the threads created different " + describe(laterValue) + " objects"
                + (ValueEquality.jdkValue(laterValue, 0) && ValueEquality.jdkValue(firstValue, 0)
                    ? " (unequal values)" : " (compared by identity: the value's identity matters, or its equals is the application's)")
                + ", so one thread's is lost");
        };
    }

    /** A removal of the key, plain or only of an equal value. */
    private static boolean removal(byte op) {
        return op == MapOps.REMOVE || op == MapOps.REMOVE_IF_EQUAL;
    }

    /** An atomic write that leaves a present value alone: when it comes second, its own value is discarded. */
    private static boolean discarded(byte op) {
        return op == MapOps.PUT_IF_ABSENT || op == MapOps.COMPUTE_IF_ABSENT;
    }

    private static String describe(Object v) {
        if (v == WrittenValue.UNKNOWN || v == WrittenValue.ABSENT) {
            return "value";
        }
        String n = v.getClass().getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
