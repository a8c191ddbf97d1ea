package io.racewatch.detect;

import io.racewatch.maps.MapRace;
import io.racewatch.report.Access;
import io.racewatch.report.Finding;
import io.racewatch.report.Findings;
import io.racewatch.report.HistoryRow;
import io.racewatch.maps.KeyState;
import io.racewatch.maps.MapAccess;
import io.racewatch.maps.MapOps;
import io.racewatch.maps.MapShadow;
import io.racewatch.maps.RecentByThread;
import io.racewatch.maps.Rmw;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.ThreadState;
import io.racewatch.order.VectorClocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects {@code map-rmw} (a read then a write of one key by one thread, with no lock held
 * across both, while another thread writes the key in between or unordered by happens-before)
 * and {@code map-unsafe} (unordered writes by two threads to a map that is not thread-safe).
 *
 * <p>Called under the map shadow's lock with the access being made; returns races to publish
 * once the lock is released.
 */
public final class MapRaceDetector {
    public static final String MAP_RMW = "map-rmw";
    public static final String MAP_UNSAFE = "map-unsafe";

    private MapRaceDetector() {
    }

    /** True when a lock held at {@code read} is still held, in the same acquisition, now. */
    public static boolean lockHeldAcross(MapAccess read, ThreadState now) {
        return now.heldSince(read.outerLock()) || now.heldSince(read.innerLock());
    }

    private static boolean ordered(MapAccess earlier, int[] laterVc, int laterTid) {
        return earlier.tid() == laterTid || VectorClocks.get(laterVc, earlier.tid()) >= earlier.clock();
    }

    /** A write (plain or atomic) of one key. */
    public static List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts) {
        List<MapRace> races = null;
        MapAccess read = key.takeOpenRead(write.tid());
        if (read != null && MapOps.isPlainWrite(write.op()) && !lockHeldAcross(read, ts)) {
            RecentByThread<MapAccess> writes = key.writes();
            for (int i = 0; i < writes.size(); i++) {
                MapAccess other = writes.get(i);
                if (other == null || other.tid() == write.tid()) {
                    continue;
                }
                // In between: later in the key's order, and not ordered before the read (a write that
                // happens-before the read cannot land after it, whatever the numbers say).
                boolean observed = other.seq() > read.seq() && !ordered(other, read.vc(), read.tid());
                // The read's clock is taken before any happens-before the map itself carries,
                // so a concurrent map's own ordering does not excuse a check-then-act.
                if (observed || !ordered(other, read.vc(), read.tid())) {
                    races = add(races, new MapRace(MAP_RMW, key.keyText, List.of(read, write, other), 1, observed, key.history()));
                }
            }
            races = sameCheckElsewhere(key, read, write, races);
            key.addRmw(new Rmw(read, write));
        }
        // This write may land inside another thread's read-modify-write of the same key.
        RecentByThread<Rmw> rmws = key.rmws();
        for (int i = 0; i < rmws.size(); i++) {
            Rmw rmw = rmws.get(i);
            if (rmw == null || rmw.tid() == write.tid() || ordered(rmw.read(), write.vc(), write.tid())) {
                continue;
            }
            races = add(races, new MapRace(MAP_RMW, key.keyText, List.of(rmw.read(), rmw.write(), write), 2, false, key.history()));
        }
        return races;
    }

    /**
     * Another thread made the same check (a read at the same site) with no ordering against this
     * read-modify-write: run the other way round, both checks pass and both threads write. This
     * is how a check-then-create is caught when the second thread happened to find the value.
     */
    private static List<MapRace> sameCheckElsewhere(KeyState key, MapAccess read, MapAccess write, List<MapRace> races) {
        RecentByThread<MapAccess> reads = key.openReads();
        for (int i = 0; i < reads.size(); i++) {
            MapAccess other = reads.get(i);
            if (other != null && other.tid() != write.tid() && other.site() == read.site() && !ordered(other, write.vc(), write.tid())) {
                boolean observed = other.seq() > read.seq() && !ordered(other, read.vc(), read.tid());
                races = add(races, new MapRace(MAP_RMW, key.keyText, List.of(read, write, other), 1, observed, key.history()));
            }
        }
        return races;
    }

    /** A read: the same check as another thread's completed read-modify-write, unordered with it. */
    public static List<MapRace> onKeyRead(KeyState key, MapAccess read) {
        List<MapRace> races = null;
        RecentByThread<Rmw> rmws = key.rmws();
        for (int i = 0; i < rmws.size(); i++) {
            Rmw rmw = rmws.get(i);
            if (rmw != null && rmw.tid() != read.tid() && rmw.read().site() == read.site()
                && !ordered(rmw.write(), read.vc(), read.tid())) {
                races = add(races, new MapRace(MAP_RMW, key.keyText, List.of(rmw.read(), rmw.write(), read), 2, false, key.history()));
            }
        }
        return races;
    }

    /** A write to a map that concurrent writes can corrupt. */
    public static List<MapRace> onUnsafeWrite(MapShadow map, RecentByThread<MapAccess> writes, MapAccess write) {
        for (int i = 0; i < writes.size(); i++) {
            MapAccess other = writes.get(i);
            if (other != null && other.tid() != write.tid() && !ordered(other, write.vc(), write.tid())) {
                return List.of(new MapRace(MAP_UNSAFE, null, List.of(write, other), 0, false, map.mapHistory()));
            }
        }
        return null;
    }

    private static List<MapRace> add(List<MapRace> races, MapRace race) {
        List<MapRace> out = races == null ? new ArrayList<>(2) : races;
        out.add(race);
        return out;
    }

    /** One read-modify-write is one finding, whatever it raced with; an unsafe write pair is one finding. */
    private static int[] dedupSites(MapRace race) {
        List<MapAccess> a = race.accesses();
        return new int[] {a.get(0).site(), a.get(1).site()};
    }

    /** The history, with the race's own accesses added where they have scrolled out of it, in order. */
    private static List<MapAccess> withAccesses(MapRace race) {
        java.util.TreeMap<Long, MapAccess> bySeq = new java.util.TreeMap<>();
        for (MapAccess a : race.history()) {
            bySeq.put(a.seq(), a);
        }
        for (MapAccess a : race.accesses()) {
            bySeq.putIfAbsent(a.seq(), a);
        }
        return new ArrayList<>(bySeq.values());
    }

    /** Turns races into findings, outside the map's lock: stacks, message, dedup. */
    public static void publish(MapShadow map, List<MapRace> races) {
        for (MapRace race : races) {
            int[] sites = dedupSites(race);
            if (Findings.repeat(race.kind(), sites)) {
                continue;
            }
            List<Access> accesses = new ArrayList<>();
            for (int i = 0; i < race.accesses().size(); i++) {
                MapAccess a = race.accesses().get(i);
                Site site = Sites.get(a.site());
                String[] stack = i == race.current() ? Stacks.capture() : site.stackFor(a.tid(), a.thread());
                accesses.add(new Access(a.thread(), MapOps.name(a.op()), site, stack == null ? new String[] {site.frame()} : stack, a.seq()));
            }
            List<HistoryRow> history = new ArrayList<>();
            for (MapAccess a : withAccesses(race)) {
                history.add(new HistoryRow(a.seq(), a.thread(), MapOps.name(a.op()), Sites.get(a.site())));
            }
            Finding.Resource resource = new Finding.Resource("map", map.name(), map.mapClass, race.key());
            Findings.publish(new Finding(race.kind(), MapMessages.describe(race, map, accesses), resource, accesses, history,
                race.observed(), sites));
        }
    }
}
