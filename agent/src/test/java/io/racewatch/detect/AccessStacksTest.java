package io.racewatch.detect;

import io.racewatch.maps.MapAccess;
import io.racewatch.maps.MapOps;
import io.racewatch.maps.MapRace;
import io.racewatch.maps.WrittenValue;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** An earlier access of the current thread gets the call path it really took, from the live stack. */
class AccessStacksTest {
    private final Site read = Sites.get(Sites.register("app.Cache", "lookup", "Cache.java", 12, null));

    @Test
    void theReadsFrameOverTheLiveFramesBelowItsMethod() {
        String[] live = {"app.Cache.store(Cache.java:30)", "app.Cache.lookup(Cache.java:14)", "app.Service.second(Service.java:9)",
            "java.base/java.lang.Thread.run(Thread.java:840)"};
        assertArrayEquals(new String[] {"app.Cache.lookup(Cache.java:12)", "app.Service.second(Service.java:9)",
            "java.base/java.lang.Thread.run(Thread.java:840)"}, MapRaceDetector.stillOnStack(read, live, new String[] {"first"}));
    }

    @Test
    void aMethodNoLongerRunningKeepsTheSitesStack() {
        String[] live = {"app.Cache.store(Cache.java:30)", "app.Service.first(Service.java:5)"};
        assertArrayEquals(new String[] {"first"}, MapRaceDetector.stillOnStack(read, live, new String[] {"first"}));
    }

    private final Site write = Sites.get(Sites.register("app.Cache", "store", "Cache.java", 30, null));

    private MapAccess access(int tid, byte op, Site site, String[] stack) {
        return new MapAccess(tid, "T" + tid, op, site.id, 1, new int[0], 1, 0, 0, WrittenValue.UNKNOWN, stack);
    }

    @Test
    void anotherThreadsReadHalfIsReadOffItsWritesPath() {
        String[] writePath = {"app.Cache.store(Cache.java:30)", "app.Cache.lookup(Cache.java:14)", "app.Service.viaRight(Service.java:20)"};
        MapRace race = new MapRace("map-rmw", "k", List.of(access(2, MapOps.GET, read, null), access(2, MapOps.PUT, write, writePath),
            access(1, MapOps.PUT, write, null)), 2, false, List.of());
        assertArrayEquals(new String[] {"app.Cache.lookup(Cache.java:12)", "app.Service.viaRight(Service.java:20)"},
            MapRaceDetector.stackOf(race, 0, new String[] {"live"}));
        assertArrayEquals(writePath, MapRaceDetector.stackOf(race, 1, new String[] {"live"}));
        assertArrayEquals(new String[] {"live"}, MapRaceDetector.stackOf(race, 2, new String[] {"live"}));
    }

    @Test
    void anotherThreadsCapturedPathWinsOverTheFirstStackAtItsSite() {
        String[] own = {"app.Cache.store(Cache.java:30)", "app.Service.viaLeft(Service.java:10)"};
        MapRace race = new MapRace("map-unsafe", null, List.of(access(1, MapOps.PUT, write, null), access(2, MapOps.PUT, write, own)),
            0, false, List.of());
        assertArrayEquals(own, MapRaceDetector.stackOf(race, 1, new String[] {"live"}));
    }
}
