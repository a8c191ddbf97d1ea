package io.racewatch.detect;

import io.racewatch.maps.MapRace;
import io.racewatch.report.Access;
import io.racewatch.maps.MapOps;
import io.racewatch.maps.MapShadow;

import java.util.List;

/** The one-paragraph explanation of a map race, in the words a reviewer would use. */
final class MapMessages {
    private MapMessages() {
    }

    static String describe(MapRace race, MapShadow map, List<Access> a) {
        String where = map.name() + (race.key() == null ? "" : "[" + race.key() + "]");
        if (MapRaceDetector.MAP_UNSAFE.equals(race.kind())) {
            return "Unsynchronized writes to " + where + ", a " + map.mapClass + ", which is not thread-safe: "
                + a.get(0).thread() + " " + a.get(0).op() + " at " + a.get(0).site().shortForm() + " and "
                + a.get(1).thread() + " " + a.get(1).op() + " at " + a.get(1).site().shortForm()
                + " are not ordered by any synchronization; concurrent writes can corrupt the map."
                + (map.accessOrdered ? " The map is an access-ordered LinkedHashMap: its get moves the entry to the end,"
                    + " so a get is a write." : "")
                + (map.expungesOnRead() ? " The map is a WeakHashMap: every call, a get or containsKey too, first removes the entries"
                    + " whose keys were garbage-collected, so a read writes the table and can lose another thread's put"
                    + " (two reads are ordered by the map's own lock)." : "")
                + " Use a ConcurrentHashMap or guard every access with one lock.";
        }
        Access read = a.get(0);
        Access write = a.get(1);
        Access other = a.get(2);
        String rmw = read.thread() + " read " + where + " (" + read.op() + " at " + read.site().shortForm() + ") and then wrote it ("
            + write.op() + " at " + write.site().shortForm() + ") with no lock held across both";
        String fix = " Make the read and the write one atomic step (compute, merge, putIfAbsent, computeIfAbsent"
            + " on a ConcurrentHashMap) or hold one lock across both.";
        if (MapOps.isRead(race.accesses().get(2).op())) {
            return "Check-then-act: " + rmw + ", and " + other.thread() + " made the same check (" + other.op() + " at "
                + other.site().shortForm() + ") " + (race.observed() ? "in between" : "with no happens-before ordering against it")
                + ": when both checks run before either write, both threads write and one write is lost." + fix;
        }
        if (race.observed()) {
            return "Lost update: " + rmw + ", and " + other.thread() + " wrote the same key in between (" + other.op()
                + " at " + other.site().shortForm() + "), so one of the two updates is lost." + fix;
        }
        return "Unsynchronized read-modify-write: " + rmw + "; " + other.thread() + " writes the same key ("
            + other.op() + " at " + other.site().shortForm() + ") with no happens-before ordering against it,"
            + " so that write can land between the read and the write and be lost." + fix;
    }
}
