package io.racewatch.detect;

import io.racewatch.maps.MapRace;
import io.racewatch.report.Access;
import io.racewatch.maps.Activations;
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

    /** {@link #onKeyWrite(MapShadow, KeyState, MapAccess, ThreadState, MapAccess, boolean, long)} for a write not renewed in place. */
    public static List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts, MapAccess checkedRead,
                                           boolean checkedRunning) {
        return onKeyWrite(map, key, write, ts, checkedRead, checkedRunning, -1);
    }

    /**
     * A write (plain or atomic) of one key. {@code checkedRead} and {@code checkedRunning}: the open
     * read the caller already asked about, and whether its method was still running (one stack walk).
     * {@code renewedFrom}: see {@link io.racewatch.maps.MapRaceCheck#onKeyWrite}.
     */
    public static List<MapRace> onKeyWrite(MapShadow map, KeyState key, MapAccess write, ThreadState ts, MapAccess checkedRead,
                                           boolean checkedRunning, long renewedFrom) {
        List<MapRace> races = null;
        MapAccess read = key.takeOpenRead(write.tid());
        // One operation only: the read's method must still be running (a read in one call and a write in the next do not pair).
        boolean paired = read != null && MapOps.isPlainWrite(write.op()) && !lockHeldAcross(read, ts)
            && (read == checkedRead ? checkedRunning : Activations.readStillRunning(read.site(), write.site()));
        if (paired && key.repeatsCleanRmw(read, write, renewedFrom)) {
            // A loop's next round on a key no other thread touched since the last one, which found
            // nothing: every entry it would be compared with was there then, and its clocks have only
            // grown, so it finds nothing either (see KeyState#repeatsCleanRmw). Only the records move.
            key.addRmw(read, write);
            return null;
        }
        if (paired) {
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
                    races = add(races, new MapRace(MAP_RMW, key.keyText(), List.of(read, write, other), 1, observed, key.history()));
                }
            }
            races = sameCheckElsewhere(key, read, write, races);
            key.addRmw(read, write);
            Sites.get(read.site()).markCheck(); // its later reads keep their own call paths
        }
        // This write may land inside another thread's read-modify-write of the same key.
        RecentByThread<Rmw> rmws = key.rmws();
        for (int i = 0; i < rmws.size(); i++) {
            Rmw rmw = rmws.get(i);
            if (rmw == null || rmw.tid() == write.tid() || ordered(rmw.read(), write.vc(), write.tid())) {
                continue;
            }
            races = add(races, new MapRace(MAP_RMW, key.keyText(), List.of(rmw.read(), rmw.write(), write), 2, false, key.history()));
        }
        if (paired) {
            key.rmwChecked(write.tid(), races == null);
        }
        return races;
    }

    /**
     * Another thread made the same check (a read at the same site) with no ordering against this
     * read-modify-write: run the other way round, both checks pass and both threads write. This
     * is how a check-then-create is caught when the second thread happened to find the value.
     */
    private static List<MapRace> sameCheckElsewhere(KeyState key, MapAccess read, MapAccess write, List<MapRace> races) {
        if (actsUnderLaterLock(write)) {
            return races;
        }
        RecentByThread<MapAccess> reads = key.openReads();
        for (int i = 0; i < reads.size(); i++) {
            MapAccess other = reads.get(i);
            if (other != null && other.tid() != write.tid() && other.site() == read.site() && !ordered(other, write.vc(), write.tid())) {
                boolean observed = other.seq() > read.seq() && !ordered(other, read.vc(), read.tid());
                races = add(races, new MapRace(MAP_RMW, key.keyText(), List.of(read, write, other), 1, observed, key.history()));
            }
        }
        return races;
    }

    /**
     * True when the write of a read-modify-write was made under a lock taken after the read (a
     * lock held at the read and still held would have made it no read-modify-write at all). That
     * is the shape of a check re-validated under a lock: read outside, lock, check again (often
     * state racewatch cannot see, such as {@code synchronized (p) { if (p.state != INVALID) ... }}),
     * write. Another thread's same check then predicts nothing: it too re-validates before it
     * writes. Such code is reported only when a second write really lands after the check.
     */
    private static boolean actsUnderLaterLock(MapAccess write) {
        return write.innerLock() != 0;
    }

    /** A read: the same check as another thread's completed read-modify-write, unordered with it. */
    public static List<MapRace> onKeyRead(KeyState key, MapAccess read) {
        List<MapRace> races = null;
        RecentByThread<Rmw> rmws = key.rmws();
        for (int i = 0; i < rmws.size(); i++) {
            Rmw rmw = rmws.get(i);
            if (rmw != null && rmw.tid() != read.tid() && rmw.read().site() == read.site()
                && !actsUnderLaterLock(rmw.write()) && !ordered(rmw.write(), read.vc(), read.tid())) {
                races = add(races, new MapRace(MAP_RMW, key.keyText(), List.of(rmw.read(), rmw.write(), read), 2, false, key.history()));
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
        int[] sites = {a.get(0).site(), a.get(1).site()};
        if (MAP_UNSAFE.equals(race.kind())) {
            java.util.Arrays.sort(sites); // two writes: the same race whichever thread wrote first
        }
        return sites;
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

    /**
     * The stack of an earlier access by the current thread whose method is still running (the read
     * of a read-modify-write always is): its site over the live frames below that method, so that it
     * shows the call path this access really took, not the first one seen at the site.
     */
    static String[] stillOnStack(Site site, String[] live, String[] fallback) {
        String method = site.className + "." + site.method + "(";
        for (int i = 0; i < live.length; i++) {
            if (live[i].contains(method)) {
                String[] out = new String[live.length - i];
                out[0] = site.frame();
                System.arraycopy(live, i + 1, out, 1, live.length - i - 1);
                return out;
            }
        }
        return fallback;
    }

    /**
     * The call path of the race's access {@code i}, its own wherever racewatch has it: the access
     * being made now (live); an earlier one of the same thread whose method is still running (its
     * frame over the live frames below it); another thread's access captured when it was made; the
     * read half of another thread's read-modify-write, read off its write's path the same way. Else
     * the first stack its thread showed at its site, or null.
     */
    static String[] stackOf(MapRace race, int i, String[] live) {
        List<MapAccess> all = race.accesses();
        MapAccess a = all.get(i);
        Site site = Sites.get(a.site());
        String[] first = a.stack() != null ? a.stack() : site.stackFor(a.tid(), a.thread());
        if (i == race.current()) {
            return live;
        }
        if (a.tid() == all.get(race.current()).tid()) {
            return stillOnStack(site, live, first);
        }
        if (a.stack() == null && i == 0 && MAP_RMW.equals(race.kind()) && all.get(1).tid() == a.tid() && all.get(1).stack() != null) {
            return stillOnStack(site, all.get(1).stack(), first);
        }
        return first;
    }

    /** Turns races into findings, outside the map's lock: stacks, message, dedup. */
    public static void publish(MapShadow map, List<MapRace> races) {
        for (MapRace race : races) {
            int[] sites = dedupSites(race);
            if (Findings.repeat(race.kind(), sites)) {
                continue;
            }
            List<Access> accesses = new ArrayList<>();
            String[] live = Stacks.capture();
            for (int i = 0; i < race.accesses().size(); i++) {
                MapAccess a = race.accesses().get(i);
                Site site = Sites.get(a.site());
                String[] stack = stackOf(race, i, live);
                accesses.add(new Access(a.thread(), MapOps.name(a.op()), site, stack == null ? new String[] {site.frame()} : stack, a.seq()));
            }
            List<HistoryRow> history = new ArrayList<>();
            for (MapAccess a : withAccesses(race)) {
                history.add(new HistoryRow(a.seq(), a.thread(), MapOps.name(a.op()), Sites.get(a.site())));
            }
            Finding.Resource resource = new Finding.Resource("map", map.name(), map.mapClass, race.key());
            Findings.publish(new Finding(race.kind(), MapMessages.describe(race, map, accesses), resource, accesses, history,
                race.observed(), sites, RaceSeverity.of(race)));
        }
    }
}
