package io.racewatch.detect;

import io.racewatch.report.Severity;
import io.racewatch.runtime.MapAccess;
import io.racewatch.runtime.MapOps;
import io.racewatch.runtime.WrittenValue;

import java.util.List;

/**
 * The severity of a map race. {@code map-unsafe} is always an error (the map itself can break).
 * A {@code map-rmw} is a {@code note} when nothing the program relies on is lost: the two
 * threads wrote the same object or equal JDK values (see {@link ValueEquality}), or the later
 * write was a {@code putIfAbsent}/{@code computeIfAbsent} that found the earlier value and
 * discarded its own. Anything else stays an {@code error}: a different value, a counter, a
 * removal, an object compared by identity (a lock, a future, a connection, a container), or a
 * value racewatch could not see (computed by a function, or already collected).
 */
final class RaceSeverity {
    private RaceSeverity() {
    }

    static Severity of(MapRace race) {
        if (!MapRaceDetector.MAP_RMW.equals(race.kind())) {
            return Severity.ofKind(race.kind());
        }
        List<MapAccess> a = race.accesses();
        MapAccess write = a.get(1);
        MapAccess other = a.get(2);
        if (MapOps.isRead(other.op())) {
            return Severity.error("check-then-act: both checks can pass, and then one thread's value replaces the other's");
        }
        MapAccess first = write.seq() <= other.seq() ? write : other;
        MapAccess later = first == write ? other : write;
        Object firstValue = WrittenValue.of(first.value());
        if (discarded(later.op()) && firstValue != WrittenValue.ABSENT && firstValue != WrittenValue.UNKNOWN) {
            return Severity.note("duplicate computation: the later " + MapOps.name(later.op()) + " found the value already there"
                + " and discarded its own; harmless unless the value's identity matters");
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
            case EQUAL -> Severity.note("duplicate computation: both threads wrote equal values (" + describe(laterValue)
                + "); harmless unless the value's identity matters");
            case UNKNOWN -> Severity.error("lost update: the values changed while racewatch compared them");
            case DIFFERENT -> Severity.error("lost update: the threads wrote different " + describe(laterValue)
                + " objects" + (ValueEquality.jdkValue(laterValue, 0) && ValueEquality.jdkValue(firstValue, 0)
                    ? " (unequal values)" : " (compared by identity: a value whose identity matters, or whose equals is the application's)")
                + ", so one thread's value is lost");
        };
    }

    /** An atomic write that leaves a present value alone: when it comes second, its own value is discarded. */
    private static boolean discarded(byte op) {
        return op == MapOps.PUT_IF_ABSENT || op == MapOps.COMPUTE_IF_ABSENT;
    }

    private static String describe(Object v) {
        String n = v.getClass().getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
